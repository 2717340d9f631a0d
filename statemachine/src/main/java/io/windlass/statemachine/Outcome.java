package io.windlass.statemachine;

import java.util.Objects;

/** The result of {@link TaskStateMachine#apply}: the new state, or an explicit rejection. Never a silent ignore. */
public sealed interface Outcome permits Outcome.Applied, Outcome.Rejected {

    /** The command was legal; {@code state} is the next state (version already incremented). */
    record Applied(TaskState state, Transition transition) implements Outcome {
        public Applied {
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(transition, "transition");
        }
    }

    /**
     * The command is illegal in the current state. {@code reason} names the task id, the state, the command and the
     * last (at most 5) transitions, e.g. {@code "task t1: RUN is not allowed in FAULT; allowed: [SLEEP, PAUSE, KILL,
     * ERROR]; recent: [RUNNABLE -ERROR-> FAULT (v3 at 2026-11-28T14:00:00Z)]"}; for a terminal state
     * {@code "...; the task is finished and accepts no command; recent: [...]"}.
     */
    record Rejected(String taskId, StateCode state, CommandKind command, String reason) implements Outcome {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
        }

        /** This rejection as an exception (ILLEGAL_TRANSITION, or TASK_FINISHED for a terminal state). */
        public WindlassException toException() {
            return new WindlassException(state.terminal() ? ErrorCode.TASK_FINISHED : ErrorCode.ILLEGAL_TRANSITION, reason);
        }
    }
}
