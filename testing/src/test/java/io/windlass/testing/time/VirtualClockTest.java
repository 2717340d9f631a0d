package io.windlass.testing.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.WindlassException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class VirtualClockTest {
    private static final Instant T0 = Instant.parse("2031-05-01T10:00:00Z");

    @Test
    void standsStillUntilAdvanced() {
        VirtualClock clock = VirtualClock.startingAt(T0);
        assertThat(clock.instant()).isEqualTo(T0);
        assertThat(clock.millis()).isEqualTo(T0.toEpochMilli());
        assertThat(clock.advance(Duration.ofDays(30))).isEqualTo(T0.plus(Duration.ofDays(30)));
        assertThat(clock.instant()).isEqualTo(T0.plus(Duration.ofDays(30)));
    }

    @Test
    void neverGoesBack() {
        VirtualClock clock = VirtualClock.startingAt(T0);
        assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1)))
                .isInstanceOfSatisfying(WindlassException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
        assertThatThrownBy(() -> clock.setTo(T0.minusMillis(1))).isInstanceOf(WindlassException.class);
        clock.setTo(T0.plusSeconds(5));
        assertThat(clock.instant()).isEqualTo(T0.plusSeconds(5));
    }

    @Test
    void zonedViewSharesTheInstant() {
        VirtualClock clock = VirtualClock.create();
        assertThat(clock.instant()).isEqualTo(VirtualClock.DEFAULT_START);
        VirtualClock paris = clock.withZone(ZoneId.of("Europe/Paris"));
        clock.advance(Duration.ofHours(1));
        assertThat(paris.instant()).isEqualTo(clock.instant());
        assertThat(paris.getZone()).isEqualTo(ZoneId.of("Europe/Paris"));
    }

    @Test
    void concurrentAdvancesAreNotLost() throws InterruptedException {
        VirtualClock clock = VirtualClock.startingAt(T0);
        Thread[] threads = new Thread[4];
        for (int i = 0; i < threads.length; i++) {
            threads[i] = new Thread(() -> {
                for (int j = 0; j < 1000; j++) {
                    clock.advance(Duration.ofMillis(1));
                }
            });
            threads[i].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(clock.instant()).isEqualTo(T0.plusMillis(4000));
    }
}
