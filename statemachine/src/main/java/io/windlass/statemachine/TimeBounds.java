package io.windlass.statemachine;

import java.time.Instant;

/**
 * The range of instants Windlass accepts in stored values ({@code until}, error times): from
 * {@link #EARLIEST} (1970-01-01T00:00:00Z, inclusive) to {@link #LATEST} (2200-01-01T00:00:00Z, exclusive).
 * Anything outside is an absurd time (a unit mix-up, a corrupt record) and is refused.
 */
public final class TimeBounds {
    /** The first acceptable instant (inclusive). */
    public static final Instant EARLIEST = Instant.EPOCH;
    /** The first instant past the acceptable range (exclusive). */
    public static final Instant LATEST = Instant.parse("2200-01-01T00:00:00Z");

    private TimeBounds() {
    }

    /** True when {@code t} lies in [{@link #EARLIEST}, {@link #LATEST}). */
    public static boolean contains(Instant t) {
        return t != null && !t.isBefore(EARLIEST) && t.isBefore(LATEST);
    }

    /**
     * Returns {@code t} when it is in range.
     *
     * @param what names the value in the error, e.g. {@code "Sleep until"}
     * @throws WindlassException INVALID_ARGUMENT naming the value when {@code t} is null or out of range
     */
    public static Instant require(String what, Instant t) {
        if (t == null) {
            throw new WindlassException(ErrorCode.INVALID_ARGUMENT, what + " must not be null");
        }
        if (!contains(t)) {
            throw new WindlassException(ErrorCode.INVALID_ARGUMENT,
                    what + " " + t + " is outside [" + EARLIEST + ", " + LATEST + ")");
        }
        return t;
    }
}
