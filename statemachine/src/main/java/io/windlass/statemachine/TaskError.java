package io.windlass.statemachine;

import java.time.Instant;
import java.util.Objects;

/**
 * One error recorded on a task.
 *
 * @param at      when it happened (never null)
 * @param message what happened (never blank)
 * @param type    optional classifier, e.g. the exception class name; may be null
 */
public record TaskError(Instant at, String message, String type) {
    /** Longest message kept; longer ones are cut (with a marker) so a state stays small. */
    public static final int MAX_MESSAGE_LENGTH = 4096;

    public TaskError {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(message, "message");
        if (message.isBlank()) {
            throw new WindlassException(ErrorCode.INVALID_ARGUMENT, "an error needs a message");
        }
        if (message.length() > MAX_MESSAGE_LENGTH) {
            message = message.substring(0, MAX_MESSAGE_LENGTH) + "…(truncated)";
        }
    }

    public static TaskError of(Instant at, String message) {
        return new TaskError(at, message, null);
    }

    /** An error describing {@code t}: its message (or class name when it has none) and its class as type. */
    public static TaskError of(Instant at, Throwable t) {
        String msg = t.getMessage() == null || t.getMessage().isBlank() ? t.getClass().getName() : t.getMessage();
        return new TaskError(at, msg, t.getClass().getName());
    }
}
