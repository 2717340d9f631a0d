package io.windlass.consumer.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The system scheduler and its clock latch follow a wall clock that is stepped (NTP, an operator): never before the
 * instant, and soon after it once the clock reaches it — also after the clock was set back and corrected (the
 * single-JVM half of ClockJumpFaultIT). The old 10-minute chunk woke such a timer up to 10 minutes late.
 */
@Timeout(120) // the old 10-minute chunk fails here instead of blocking for 10 minutes
class SystemTaskSchedulerClockTest {
    /** Far below the old 10-minute chunk, far above the 1 s one: only a failure waits this long. */
    private static final long TIMEOUT_S = 60;

    @Test
    void aTimerArmedBeforeTheClockWasSetBackFiresSoonAfterTheClockIsCorrected() throws InterruptedException {
        SteppedClock clock = new SteppedClock();
        SystemTaskScheduler scheduler = new SystemTaskScheduler(clock);
        CountDownLatch fired = new CountDownLatch(1);
        scheduler.schedule(clock.instant().plusMillis(100), fired::countDown);
        clock.step(Duration.ofHours(-1));
        assertThat(fired.await(1500, TimeUnit.MILLISECONDS)).as("fired while the clock is an hour short").isFalse();
        clock.step(Duration.ZERO);
        assertThat(fired.await(TIMEOUT_S, TimeUnit.SECONDS)).as("fired soon after the correction").isTrue();
    }

    @Test
    void aClockLatchWaitingAcrossASetBackClockOpensSoonAfterTheCorrection() throws InterruptedException {
        SteppedClock clock = new SteppedClock();
        TaskScheduler.Latch latch = MonitorLatch.onClock(clock);
        Instant deadline = clock.instant().plusMillis(100);
        clock.step(Duration.ofHours(-1));
        Thread corrector = new Thread(() -> {
            try {
                // the waiter read the set-back clock: it is inside its timed wait now or soon (either way it re-reads)
                if (clock.readWhileSetBack.await(TIMEOUT_S, TimeUnit.SECONDS)) {
                    clock.step(Duration.ZERO);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        long start = System.nanoTime();
        corrector.start();
        assertThat(latch.await(deadline)).as("timed out, not opened").isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(TIMEOUT_S));
        corrector.join();
    }

    /** The system clock plus an offset that the test steps; {@link #readWhileSetBack} opens at a read while behind. */
    private static final class SteppedClock extends Clock {
        final CountDownLatch readWhileSetBack = new CountDownLatch(1);
        private volatile Duration offset = Duration.ZERO;

        void step(Duration to) {
            offset = to;
        }

        @Override
        public Instant instant() {
            Duration now = offset;
            if (now.isNegative()) {
                readWhileSetBack.countDown();
            }
            return Instant.now().plus(now);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }
}
