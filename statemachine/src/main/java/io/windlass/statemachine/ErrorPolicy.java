package io.windlass.statemachine;

import io.windlass.statemachine.internal.ErrorPolicies;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Decides what a task in {@link StateCode#FAULT} does next: retry later ({@link Command.Sleep}) or give up
 * ({@link Command.Error}, which moves Fault to Failed). A pure function of the errors and {@code now}.
 * Implementations must be thread-safe (one policy serves every task). A handler may supply its own by
 * overriding {@code TaskHandler.onFault}.
 */
public interface ErrorPolicy {

    /**
     * Metafora's default: counts the errors newer than {@code now - 4 h}; 8 or more → give up ({@link Command.Error}
     * "exceeded error rate", Fault → Failed); otherwise retry with {@code Sleep(now + 10 min)}. Keeps only the last
     * 8 errors (the last 7 when giving up, so that the Failed state holds at most 8 including the give-up error).
     */
    static ErrorPolicy metafora() {
        return ErrorPolicies.metafora(Duration.ofHours(4), 8, Duration.ofMinutes(10));
    }

    /**
     * Metafora's policy with other numbers: {@code maxErrors} or more errors newer than {@code now - window} → give
     * up, else retry after {@code retryDelay}; keeps the last {@code maxErrors} errors ({@code maxErrors - 1}, at least
     * one, when giving up).
     *
     * @throws WindlassException INVALID_ARGUMENT for a non-positive duration or {@code maxErrors < 1}
     */
    static ErrorPolicy metafora(Duration window, int maxErrors, Duration retryDelay) {
        return ErrorPolicies.metafora(window, maxErrors, retryDelay);
    }

    /**
     * Exponential backoff: with {@code n} errors recorded (the attempts so far), retries after
     * {@code min(initial * multiplier^(n-1), maxDelay)}; when {@code n > maxAttempts} gives up (Fault → Failed).
     * Keeps the last {@code maxAttempts} errors ({@code maxAttempts - 1}, at least one, when giving up). The count
     * is over the errors the task has kept: a handler that wants a success to reset it clears the errors with
     * {@code TaskContext.keepErrors(List.of())} from {@code onRunnable}.
     *
     * @throws WindlassException INVALID_ARGUMENT for non-positive durations, {@code maxDelay < initial},
     *     a multiplier below 1 or not finite, or {@code maxAttempts < 1}
     */
    static ErrorPolicy exponentialBackoff(Duration initial, double multiplier, Duration maxDelay, int maxAttempts) {
        return ErrorPolicies.exponentialBackoff(initial, multiplier, maxDelay, maxAttempts);
    }

    /**
     * @param errors the task's accumulated errors, oldest first (at least one)
     * @param now    the current time of the caller's clock
     * @return the next command and the errors to keep
     */
    Decision decide(List<TaskError> errors, Instant now);

    /** The outcome of a fault decision: {@code next} is a Sleep or an Error; {@code keptErrors} replaces the list. */
    record Decision(Command next, List<TaskError> keptErrors) {
        public Decision {
            if (!(next instanceof Command.Sleep) && !(next instanceof Command.Error)) {
                throw new WindlassException(ErrorCode.INVALID_ARGUMENT,
                        "a fault decision is Sleep (retry) or Error (give up), not " + next);
            }
            keptErrors = List.copyOf(keptErrors);
        }
    }
}
