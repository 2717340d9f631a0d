package io.windlass.statemachine;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The task transition table and the pure function that applies a command to a state. Thread-safe; one shared
 * instance serves every task (a squirrel-foundation machine is created per call, which costs microseconds).
 */
public interface TaskStateMachine {

    /** The standard Windlass table (see docs/state-diagram.md), checked when first built. */
    static TaskStateMachine standard() {
        return io.windlass.statemachine.internal.SquirrelTaskStateMachine.standard();
    }

    /**
     * Applies {@code command} to {@code state} at {@code now}.
     *
     * @param taskId the task's id (named in a rejection)
     * @param recent the task's last few transitions, oldest first (named in a rejection); may be empty
     * @return {@link Outcome.Applied} with the next state (version + 1), or {@link Outcome.Rejected} for an illegal
     *     command; never null, never throws for an illegal command
     */
    Outcome apply(String taskId, TaskState state, Command command, Instant now, List<Transition> recent);

    default Outcome apply(String taskId, TaskState state, Command command, Instant now) {
        return apply(taskId, state, command, now, List.of());
    }

    /** True when the table has a transition for {@code command} out of {@code from}. */
    boolean allows(StateCode from, CommandKind command);

    /** The table: from-state → command → to-state. Terminal states map to empty maps. */
    Map<StateCode, Map<CommandKind, StateCode>> table();
}
