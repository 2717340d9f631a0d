package io.windlass.consumer;

import io.windlass.statemachine.Command;
import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.StateCode;
import io.windlass.statemachine.TaskError;
import io.windlass.statemachine.handler.TaskHandler;
import java.time.Instant;

/**
 * What a handler callback produced, carried back to the task's mailbox.
 *
 * @param kind    which callback ran
 * @param command the returned command (null when it threw, returned null, or was a notification)
 * @param error   what it threw, or null
 * @param effects checkpoint data and kept errors the callback set on its context
 */
record CallbackOutcome(Kind kind, Command command, Throwable error, RunnerContext.Effects effects) {

    enum Kind {
        RUNNABLE, FAULT, ENTERED;

        /** The handler method's name (a metric tag). */
        String callback() {
            return switch (this) {
                case RUNNABLE -> "onRunnable";
                case FAULT -> "onFault";
                case ENTERED -> "onEntered";
            };
        }
    }

    /** Runs one callback on the calling (callback executor) thread; never throws. */
    static CallbackOutcome invoke(Kind kind, TaskHandler<Object> handler, StateCode entered,
                                  RunnerContext<Object> ctx) {
        Command command = null;
        Throwable error = null;
        try {
            switch (kind) {
                case RUNNABLE -> command = handler.onRunnable(ctx);
                case FAULT -> command = handler.onFault(ctx);
                case ENTERED -> handler.onEntered(entered, ctx);
                default -> throw new IllegalStateException("unknown callback kind " + kind);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error = e;
        } catch (Throwable t) {
            error = t;
        }
        return new CallbackOutcome(kind, command, error, ctx.invalidate());
    }

    /**
     * The command to apply for a RUNNABLE or FAULT outcome: the returned one, or an Error describing the exception,
     * the null result, or (for onFault) a result that is neither Sleep nor Error.
     */
    Command toCommand(String taskType, Instant now) {
        String callback = kind == Kind.FAULT ? "onFault" : "onRunnable";
        if (error != null) {
            return new Command.Error(TaskError.of(now, error));
        }
        if (command == null) {
            return new Command.Error(new TaskError(now, "handler of type " + taskType + " returned null from "
                    + callback + "; a callback returns a command", ErrorCode.INVALID_ARGUMENT.name()));
        }
        if (kind == Kind.FAULT && !(command instanceof Command.Sleep) && !(command instanceof Command.Error)) {
            return new Command.Error(new TaskError(now, "handler of type " + taskType + " returned "
                    + command.kind() + " from onFault; a fault decision is SLEEP (retry) or ERROR (give up)",
                    ErrorCode.ILLEGAL_TRANSITION.name()));
        }
        return command;
    }
}
