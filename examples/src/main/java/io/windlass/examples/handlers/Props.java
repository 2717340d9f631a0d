package io.windlass.examples.handlers;

import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.WindlassException;
import java.time.Duration;

/** Validation helpers for the props records: each failure is INVALID_ARGUMENT naming the task type and the field. */
final class Props {
    private Props() {
    }

    static <T> T orDefault(T value, T fallback) {
        return value == null ? fallback : value;
    }

    static void require(boolean ok, String type, String message) {
        if (!ok) {
            throw new WindlassException(ErrorCode.INVALID_ARGUMENT, type + " props: " + message);
        }
    }

    static Duration nonNegative(String type, String field, Duration value) {
        require(!value.isNegative(), type, field + " must be >= 0, was " + value);
        require(value.compareTo(MAX_DURATION) <= 0, type, field + " must be at most 365 days, was " + value);
        return value;
    }

    static Duration positive(String type, String field, Duration value) {
        nonNegative(type, field, value);
        require(!value.isZero(), type, field + " must be > 0");
        return value;
    }

    static final Duration MAX_DURATION = Duration.ofDays(365);
}
