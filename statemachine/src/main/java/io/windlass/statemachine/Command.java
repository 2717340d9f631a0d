package io.windlass.statemachine;

import java.time.Instant;
import java.util.Objects;

/**
 * A message that moves a task through the transition table. Commands come from operators (via a client),
 * from timers ({@link Run} when a sleep ends) and from handlers (the command a callback returns).
 */
public sealed interface Command
        permits Command.Run, Command.Sleep, Command.Pause, Command.Kill, Command.Complete, Command.Error,
        Command.Checkpoint, Command.Release {

    CommandKind kind();

    /** Make the task runnable (wake it, resume it, or keep running). */
    record Run() implements Command {
        public CommandKind kind() { return CommandKind.RUN; }
    }

    /**
     * Sleep until {@code until}; a timer then sends {@link Run}. {@code until} must lie in {@link TimeBounds}
     * (INVALID_ARGUMENT naming the value otherwise).
     */
    record Sleep(Instant until) implements Command {
        public Sleep {
            if (until == null) {
                throw new WindlassException(ErrorCode.INVALID_ARGUMENT, "Sleep needs an 'until' instant");
            }
            TimeBounds.require("Sleep until", until);
        }
        public CommandKind kind() { return CommandKind.SLEEP; }
    }

    record Pause() implements Command {
        public CommandKind kind() { return CommandKind.PAUSE; }
    }

    record Kill() implements Command {
        public CommandKind kind() { return CommandKind.KILL; }
    }

    record Complete() implements Command {
        public CommandKind kind() { return CommandKind.COMPLETE; }
    }

    /** Record an error: Runnable/Sleeping → Fault; in Fault it means "give up" → Failed. */
    record Error(TaskError error) implements Command {
        public Error {
            Objects.requireNonNull(error, "Error needs a TaskError with a message");
        }
        public CommandKind kind() { return CommandKind.ERROR; }
    }

    /** Persist the task's checkpoint data now; the state does not change. */
    record Checkpoint() implements Command {
        public CommandKind kind() { return CommandKind.CHECKPOINT; }
    }

    /** Stop running on this node but keep the task scheduled (another node, or this one later, claims it). */
    record Release() implements Command {
        public CommandKind kind() { return CommandKind.RELEASE; }
    }

    static Command run() { return new Run(); }
    static Command sleepUntil(Instant until) { return new Sleep(until); }
    static Command pause() { return new Pause(); }
    static Command kill() { return new Kill(); }
    static Command complete() { return new Complete(); }
    static Command checkpoint() { return new Checkpoint(); }
    static Command release() { return new Release(); }
    static Command error(Instant at, String message) { return new Error(TaskError.of(at, message)); }
}
