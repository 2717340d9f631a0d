package io.windlass.testing.time;

import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.WindlassException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * A {@link Clock} whose instant only moves when told ({@link #advance}, {@link #setTo}); it never moves backwards.
 * Thread-safe: readers on any thread see the latest instant. Clocks derived with {@link #withZone} share the instant.
 */
public final class VirtualClock extends Clock {
    /** The default start of virtual time: a fixed, recognisable instant. */
    public static final Instant DEFAULT_START = Instant.parse("2030-01-01T00:00:00Z");

    private final Instant[] now;
    private final ZoneId zone;

    private VirtualClock(Instant[] now, ZoneId zone) {
        this.now = now;
        this.zone = zone;
    }

    /** A clock at {@link #DEFAULT_START}, in UTC. */
    public static VirtualClock create() {
        return startingAt(DEFAULT_START);
    }

    /** A clock at {@code start}, in UTC. */
    public static VirtualClock startingAt(Instant start) {
        Objects.requireNonNull(start, "start");
        return new VirtualClock(new Instant[] {start}, ZoneOffset.UTC);
    }

    @Override
    public Instant instant() {
        synchronized (now) {
            return now[0];
        }
    }

    /**
     * Moves the clock forward by {@code amount} (zero is allowed).
     *
     * @return the new instant
     * @throws WindlassException INVALID_ARGUMENT for a negative amount
     */
    public Instant advance(Duration amount) {
        Objects.requireNonNull(amount, "amount");
        if (amount.isNegative()) {
            throw new WindlassException(ErrorCode.INVALID_ARGUMENT, "time never goes back: advance(" + amount + ")");
        }
        synchronized (now) {
            now[0] = now[0].plus(amount);
            return now[0];
        }
    }

    /**
     * Sets the clock to {@code instant}, which must not be before the current instant.
     *
     * @throws WindlassException INVALID_ARGUMENT when {@code instant} is in the past
     */
    public void setTo(Instant instant) {
        Objects.requireNonNull(instant, "instant");
        synchronized (now) {
            if (instant.isBefore(now[0])) {
                throw new WindlassException(ErrorCode.INVALID_ARGUMENT,
                        "time never goes back: setTo(" + instant + ") but now is " + now[0]);
            }
            now[0] = instant;
        }
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    /** A view of this clock in another zone; it shares (and moves with) this clock's instant. */
    @Override
    public VirtualClock withZone(ZoneId newZone) {
        return new VirtualClock(now, Objects.requireNonNull(newZone, "zone"));
    }

    @Override
    public String toString() {
        return "VirtualClock[" + instant() + ", " + zone + "]";
    }
}
