package io.windlass.statemachine.internal;

import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.ErrorPolicy;
import io.windlass.statemachine.TaskError;
import io.windlass.statemachine.WindlassException;
import java.time.Duration;
import java.util.List;

/** Factories behind {@link ErrorPolicy}'s static methods; the policies themselves are package-private. */
public final class ErrorPolicies {
    private ErrorPolicies() {
    }

    public static ErrorPolicy metafora(Duration window, int maxErrors, Duration retryDelay) {
        return new MetaforaErrorPolicy(window, maxErrors, retryDelay);
    }

    public static ErrorPolicy exponentialBackoff(Duration initial, double multiplier, Duration maxDelay,
                                                 int maxAttempts) {
        return new ExponentialBackoffPolicy(initial, multiplier, maxDelay, maxAttempts);
    }

    static Duration requirePositive(String what, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new WindlassException(ErrorCode.INVALID_ARGUMENT, what + " must be a positive duration, was " + d);
        }
        return d;
    }

    static int requireAtLeastOne(String what, int n) {
        if (n < 1) {
            throw new WindlassException(ErrorCode.INVALID_ARGUMENT, what + " must be >= 1, was " + n);
        }
        return n;
    }

    static void requireErrors(List<TaskError> errors) {
        if (errors == null) {
            throw new WindlassException(ErrorCode.INVALID_ARGUMENT, "errors must not be null");
        }
    }

    /** The last {@code n} elements of {@code list} (all of them when it is shorter). */
    static List<TaskError> last(List<TaskError> list, int n) {
        return List.copyOf(list.subList(Math.max(0, list.size() - n), list.size()));
    }

    /** What to keep when giving up: one fewer than {@code limit} (at least one), so the give-up error fits. */
    static int keptOnGiveUp(int limit) {
        return Math.max(1, limit - 1);
    }
}
