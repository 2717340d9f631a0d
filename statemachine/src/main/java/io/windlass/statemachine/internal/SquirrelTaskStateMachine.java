package io.windlass.statemachine.internal;

import io.windlass.statemachine.Command;
import io.windlass.statemachine.CommandKind;
import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.Outcome;
import io.windlass.statemachine.StateCode;
import io.windlass.statemachine.TaskError;
import io.windlass.statemachine.TaskState;
import io.windlass.statemachine.TaskStateMachine;
import io.windlass.statemachine.Transition;
import io.windlass.statemachine.WindlassException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.squirrelframework.foundation.fsm.StateMachineBuilder;
import org.squirrelframework.foundation.fsm.StateMachineBuilderFactory;
import org.squirrelframework.foundation.fsm.StateMachineConfiguration;

/**
 * {@link TaskStateMachine} on squirrel-foundation. The table is checked and declared ONCE in a squirrel builder, and
 * squirrel then decides every (state, command) pair once, when this is built: a machine at each non-terminal state is
 * asked whether it accepts each command and, if so, fired; its answers must agree with the checked table, or building
 * fails. The machines have no actions and no guards, so an answer depends on nothing but the pair, and
 * {@link #apply} looks squirrel's answer up instead of creating a machine per step (that cost ~9 % of the engine's
 * CPU). No machine is kept per task, and no user code ever runs inside squirrel. Thread-safe (immutable).
 */
public final class SquirrelTaskStateMachine implements TaskStateMachine {
    /** How many of the caller's recent transitions a rejection names. */
    static final int RECENT_IN_REJECTION = 5;

    private final Map<StateCode, Map<CommandKind, StateCode>> table;
    /** Squirrel's answers: [from.ordinal()][command.ordinal()] = to, or null where squirrel refuses the command. */
    private final StateCode[][] decided;

    SquirrelTaskStateMachine(List<TableRow> rows) {
        this.table = TransitionTable.check(rows);
        StateMachineBuilder<TaskFsm, StateCode, CommandKind, Object> builder = StateMachineBuilderFactory.create(TaskFsm.class, StateCode.class, CommandKind.class, Object.class);
        for (StateCode s : StateCode.values()) {
            if (s.terminal()) {
                builder.defineFinalState(s);
            }
        }
        for (TableRow r : rows) {
            builder.externalTransition().from(r.from()).to(r.to()).on(r.command());
        }
        // No auto-terminate: a machine that reached a final state still reports it instead of throwing.
        StateMachineConfiguration config = StateMachineConfiguration.create()
                .enableAutoTerminate(false)
                .enableDebugMode(false)
                .setIdProvider(() -> "windlass-task");
        this.decided = decide(builder, config, table);
    }

    /** Asks squirrel for every (non-terminal state, command) pair; fails if an answer disagrees with the table. */
    private static StateCode[][] decide(StateMachineBuilder<TaskFsm, StateCode, CommandKind, Object> builder,
                                        StateMachineConfiguration config,
                                        Map<StateCode, Map<CommandKind, StateCode>> table) {
        StateCode[][] out = new StateCode[StateCode.values().length][CommandKind.values().length];
        for (StateCode from : StateCode.values()) {
            if (from.terminal()) {
                continue;
            }
            for (CommandKind kind : CommandKind.values()) {
                TaskFsm machine = builder.newStateMachine(from, config);
                StateCode to = null;
                if (machine.canAccept(kind)) {
                    machine.fire(kind, null);
                    to = machine.isError() ? null : machine.getCurrentState();
                }
                StateCode expected = table.getOrDefault(from, Map.of()).get(kind);
                if (to != expected) {
                    throw new WindlassException(ErrorCode.INTERNAL, "squirrel moves " + from + " -" + kind + "-> "
                            + to + " but the table says " + expected);
                }
                out[from.ordinal()][kind.ordinal()] = to;
            }
        }
        return out;
    }

    /** The standard table (TransitionTable.STANDARD), built and checked on first use. */
    public static TaskStateMachine standard() {
        return Standard.INSTANCE;
    }

    private static final class Standard {
        static final SquirrelTaskStateMachine INSTANCE = new SquirrelTaskStateMachine(TransitionTable.STANDARD);
    }

    @Override
    public Outcome apply(String taskId, TaskState state, Command command, Instant now, List<Transition> recent) {
        requireArg(taskId, "taskId");
        requireArg(state, "state");
        requireArg(command, "command");
        requireArg(now, "now");
        List<Transition> recentList = recent == null ? List.of() : recent;
        StateCode from = state.code();
        CommandKind kind = command.kind();
        if (from.terminal()) {
            return rejected(taskId, from, kind, "the task is finished and accepts no command", recentList);
        }
        StateCode to = decided[from.ordinal()][kind.ordinal()];
        if (to == null) {
            return rejected(taskId, from, kind, "allowed: " + table.get(from).keySet(), recentList);
        }
        long version = state.version() + 1;
        TaskState next = new TaskState(to, untilAfter(state, command, to), errorsAfter(state, command),
                state.data(), version);
        return new Outcome.Applied(next, new Transition(now, from, kind, to, version));
    }

    /** Sleep sets (or replaces) until; Checkpoint/Release while Sleeping keep it; leaving Sleeping clears it. */
    private static Instant untilAfter(TaskState state, Command command, StateCode to) {
        if (to != StateCode.SLEEPING) {
            return null;
        }
        if (command instanceof Command.Sleep sleep) {
            return sleep.until();
        }
        return state.until();
    }

    /** An Error command appends its error (in every state where Error is legal); others keep the list. */
    private static List<TaskError> errorsAfter(TaskState state, Command command) {
        if (command instanceof Command.Error error) {
            List<TaskError> errors = new ArrayList<>(state.errors().size() + 1);
            errors.addAll(state.errors());
            errors.add(error.error());
            return errors;
        }
        return state.errors();
    }

    private static Outcome.Rejected rejected(String taskId, StateCode from, CommandKind kind, String why,
                                             List<Transition> recent) {
        List<Transition> last = recent.subList(Math.max(0, recent.size() - RECENT_IN_REJECTION), recent.size());
        String reason = "task " + taskId + ": " + kind + " is not allowed in " + from + "; " + why
                + "; recent: " + last;
        return new Outcome.Rejected(taskId, from, kind, reason);
    }

    @Override
    public boolean allows(StateCode from, CommandKind command) {
        requireArg(from, "from");
        requireArg(command, "command");
        return table.get(from).containsKey(command);
    }

    @Override
    public Map<StateCode, Map<CommandKind, StateCode>> table() {
        return table;
    }

    private static void requireArg(Object value, String name) {
        if (value == null) {
            throw new WindlassException(ErrorCode.INVALID_ARGUMENT, name + " must not be null");
        }
    }
}
