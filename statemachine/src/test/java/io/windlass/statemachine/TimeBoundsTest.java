package io.windlass.statemachine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimeBoundsTest {

    @Test
    void boundsAreInclusiveExclusive() {
        assertThat(TimeBounds.contains(Instant.EPOCH)).isTrue();
        assertThat(TimeBounds.contains(Instant.EPOCH.minusNanos(1))).isFalse();
        assertThat(TimeBounds.contains(Instant.parse("2199-12-31T23:59:59.999999999Z"))).isTrue();
        assertThat(TimeBounds.contains(Instant.parse("2200-01-01T00:00:00Z"))).isFalse();
        assertThat(TimeBounds.contains(null)).isFalse();
    }

    @Test
    void sleepRefusesAbsurdTimesNamingTheValue() {
        assertThatThrownBy(() -> Command.sleepUntil(Instant.ofEpochMilli(-1)))
                .isInstanceOfSatisfying(WindlassException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessage("INVALID_ARGUMENT: Sleep until 1969-12-31T23:59:59.999Z is outside"
                        + " [1970-01-01T00:00:00Z, 2200-01-01T00:00:00Z)");
        // A millisecond value taken for seconds lands in the year ~58000.
        assertThatThrownBy(() -> Command.sleepUntil(Instant.ofEpochSecond(1_764_342_000_000L)))
                .hasMessageContaining("Sleep until +");
        assertThatThrownBy(() -> new Command.Sleep(null)).hasMessageContaining("Sleep needs an 'until' instant");
        assertThat(Command.sleepUntil(Instant.EPOCH)).isEqualTo(new Command.Sleep(Instant.EPOCH));
    }

    @Test
    void requireReturnsTheValueOrNamesIt() {
        Instant t = Instant.parse("2026-11-28T15:00:00Z");
        assertThat(TimeBounds.require("x", t)).isSameAs(t);
        assertThatThrownBy(() -> TimeBounds.require("error at", null)).hasMessageContaining("error at must not be null");
    }
}
