package io.windlass.consumer;

import io.windlass.consumer.spi.TaskRecord;
import io.windlass.statemachine.Command;
import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.Outcome;
import io.windlass.statemachine.StateCode;
import io.windlass.statemachine.TaskError;
import io.windlass.statemachine.TaskState;
import io.windlass.statemachine.TaskStateMachine;
import io.windlass.statemachine.Transition;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The decisions of one task's steps, without I/O: applies commands with the state machine (naming the task's recent
 * transitions in rejections) and turns a callback's outcome into the transition to store. Owned by one runner.
 */
final class StepPlanner {
    private static final int RECENT = 5;

    private final TaskStateMachine stateMachine;
    private final TaskRecord task;
    private final Deque<Transition> recent = new ArrayDeque<>();

    StepPlanner(TaskStateMachine stateMachine, TaskRecord task) {
        this.stateMachine = stateMachine;
        this.task = task;
    }

    Outcome apply(TaskState base, Command command, Instant now) {
        return stateMachine.apply(task.id(), base, command, now, List.copyOf(recent));
    }

    /** Applies a command the engine itself issues (timer Run, recorded errors); a rejection here is a bug. */
    Outcome.Applied applyInternal(TaskState base, Command command, Instant now) {
        Outcome result = apply(base, command, now);
        if (result instanceof Outcome.Rejected rejected) {
            throw new IllegalStateException("internal command " + command.kind() + " rejected: " + rejected.reason());
        }
        return (Outcome.Applied) result;
    }

    /**
     * The transition a RUNNABLE or FAULT callback's outcome causes from {@code state}: its command (or the Error its
     * exception, null result or illegal result becomes), with the kept errors and checkpoint data it set.
     */
    Outcome.Applied applyOutcome(TaskState state, CallbackOutcome outcome, Instant now) {
        Command command = outcome.toCommand(task.type(), now);
        TaskState base = withKeptErrors(state, outcome.effects().keptErrors());
        Outcome result = apply(base, command, now);
        if (result instanceof Outcome.Rejected rejected) {
            command = new Command.Error(new TaskError(now, "handler of type " + task.type() + " returned "
                    + command.kind() + ", which is not allowed in " + state.code() + ": " + rejected.reason(),
                    ErrorCode.ILLEGAL_TRANSITION.name()));
        }
        Outcome.Applied applied = applyInternal(base, command, now);
        if (!outcome.effects().checkpointSet()) {
            return applied;
        }
        return new Outcome.Applied(applied.state().withData(outcome.effects().checkpoint()), applied.transition());
    }

    /** Remembers a stored transition (the last few are named in rejections). */
    void stored(Transition t) {
        recent.addLast(t);
        while (recent.size() > RECENT) {
            recent.removeFirst();
        }
    }

    /** {@code s} with {@code kept} errors (null: unchanged; a FAULT state keeps its errors rather than none). */
    static TaskState withKeptErrors(TaskState s, List<TaskError> kept) {
        if (kept == null || (kept.isEmpty() && s.code() == StateCode.FAULT)) {
            return s;
        }
        return s.withErrors(kept);
    }
}
