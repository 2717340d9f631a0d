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
     * Applies {@code command} to {@code state} at {@code now}. A pure function: the arguments are not changed.
     * Effects of an applied command: {@code version} + 1; {@code Sleep} sets {@code until} (replacing it while
     * Sleeping); Checkpoint and Release while Sleeping keep {@code until}; leaving Sleeping clears it; {@code Error}
     * appends its error (also Fault → Failed); checkpoint data is carried over unchanged (callers set new data with
     * {@link TaskState#withData}). The transition names {@code now}, from, command, to and the new version.
     *
     * @param taskId the task's id (named in a rejection)
     * @param recent the task's last few transitions, oldest first (named in a rejection); may be empty
     * @return {@link Outcome.Applied} with the next state (version + 1), or {@link Outcome.Rejected} for an illegal
     *     command; never null, never throws for an illegal command
     * @throws WindlassException INVALID_ARGUMENT when {@code taskId}, {@code state}, {@code command} or {@code now} is
     *     null
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
