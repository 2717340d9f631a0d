package io.windlass.statemachine.internal;

import io.windlass.statemachine.Command;
import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.ErrorPolicy;
import io.windlass.statemachine.TaskError;
import io.windlass.statemachine.WindlassException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Exponential backoff: with {@code n} kept errors, retry after {@code min(initial * multiplier^(n-1), maxDelay)};
 * {@code n > maxAttempts} → give up (Error → Failed). Keeps the last {@code maxAttempts} errors (one fewer, at least
 * one, when giving up).
 */
record ExponentialBackoffPolicy(Duration initial, double multiplier, Duration maxDelay, int maxAttempts)
        implements ErrorPolicy {
    /** Longest accepted maxDelay (100 years): keeps the arithmetic in nanoseconds far from overflow. */
    static final Duration LONGEST_DELAY = Duration.ofDays(36_500);

    ExponentialBackoffPolicy {
        ErrorPolicies.requirePositive("initial", initial);
        ErrorPolicies.requirePositive("maxDelay", maxDelay);
        if (maxDelay.compareTo(initial) < 0) {
            throw new WindlassException(ErrorCode.INVALID_ARGUMENT,
                    "maxDelay " + maxDelay + " must not be shorter than initial " + initial);
        }
        if (maxDelay.compareTo(LONGEST_DELAY) > 0) {
            throw new WindlassException(ErrorCode.INVALID_ARGUMENT,
                    "maxDelay " + maxDelay + " is absurd (longest " + LONGEST_DELAY + ")");
        }
        if (!Double.isFinite(multiplier) || multiplier < 1.0) {
            throw new WindlassException(ErrorCode.INVALID_ARGUMENT,
                    "multiplier must be a finite number >= 1, was " + multiplier);
        }
        ErrorPolicies.requireAtLeastOne("maxAttempts", maxAttempts);
    }

    @Override
    public Decision decide(List<TaskError> errors, Instant now) {
        ErrorPolicies.requireErrors(errors);
        if (now == null) {
            throw new WindlassException(ErrorCode.INVALID_ARGUMENT, "now must not be null");
        }
        int attempts = errors.size();
        if (attempts > maxAttempts) {
            String why = "exceeded max attempts: " + attempts + " errors (limit " + maxAttempts + ")";
            return new Decision(new Command.Error(new TaskError(now, why, MetaforaErrorPolicy.GIVE_UP_TYPE)),
                    ErrorPolicies.last(errors, ErrorPolicies.keptOnGiveUp(maxAttempts)));
        }
        return new Decision(new Command.Sleep(now.plus(delay(attempts))), ErrorPolicies.last(errors, maxAttempts));
    }

    /** The delay before retry number {@code attempts} (1-based), capped at {@code maxDelay}. */
    Duration delay(int attempts) {
        double nanos = initial.toNanos() * Math.pow(multiplier, Math.max(0, attempts - 1));
        if (!(nanos < maxDelay.toNanos())) {
            return maxDelay;
        }
        return Duration.ofNanos((long) nanos);
    }
}
