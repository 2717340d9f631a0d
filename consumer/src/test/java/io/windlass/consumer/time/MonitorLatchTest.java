package io.windlass.consumer.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MonitorLatchTest {
    private static final long TIMEOUT_S = 30;

    @Test
    void theSystemLatchWakesItsWaiterWhenOpenedAndArmsNoTimer() throws Exception {
        TaskScheduler.Latch latch = TaskScheduler.system().newLatch();
        CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(() -> awaitQuietly(latch,
                Instant.now().plus(Duration.ofHours(1))));
        latch.open();
        assertThat(waiter.get(TIMEOUT_S, TimeUnit.SECONDS)).isTrue();
        assertThat(latch.await(Instant.now().plus(Duration.ofHours(1)))).as("open: returns at once").isTrue();
    }

    @Test
    void theSystemLatchTimesOutNoEarlierThanItsDeadline() throws InterruptedException {
        TaskScheduler.Latch latch = TaskScheduler.system().newLatch();
        Instant deadline = Instant.now().plus(Duration.ofMillis(40));
        assertThat(latch.await(deadline)).isFalse();
        assertThat(Instant.now()).isAfterOrEqualTo(deadline);
        assertThat(latch.await(Instant.now().minusSeconds(1))).as("a past deadline: at once").isFalse();
    }

    /** A scheduler whose timers only fire when the test says so (from another thread). */
    private static final class ManualTimers implements TaskScheduler {
        final Clock clock = Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC);
        final List<Runnable> armed = new ArrayList<>();
        int cancelled;

        @Override
        public Clock clock() {
            return clock;
        }

        @Override
        public synchronized Timer schedule(Instant at, Runnable action) {
            armed.add(action);
            notifyAll();
            return () -> {
                synchronized (this) {
                    cancelled++;
                }
            };
        }

        synchronized Runnable awaitArmed() throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
            while (armed.isEmpty()) {
                long left = deadline - System.nanoTime();
                assertThat(left).as("a timer is armed").isPositive();
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            return armed.get(0);
        }
    }

    @Test
    void theDefaultLatchTimesOutWithASchedulerTimerSoItFollowsAVirtualClock() throws Exception {
        ManualTimers timers = new ManualTimers();
        TaskScheduler.Latch latch = timers.newLatch();
        CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(() -> awaitQuietly(latch,
                timers.clock.instant().plusSeconds(5)));
        timers.awaitArmed().run(); // "virtual time reached the deadline"
        assertThat(waiter.get(TIMEOUT_S, TimeUnit.SECONDS)).isFalse();
        synchronized (timers) {
            assertThat(timers.cancelled).isEqualTo(1);
        }
    }

    @Test
    void theDefaultLatchReturnsTrueWhenOpenedBeforeItsTimerAndCancelsTheTimer() throws Exception {
        ManualTimers timers = new ManualTimers();
        TaskScheduler.Latch latch = timers.newLatch();
        CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(() -> awaitQuietly(latch,
                timers.clock.instant().plusSeconds(5)));
        timers.awaitArmed();
        latch.open();
        assertThat(waiter.get(TIMEOUT_S, TimeUnit.SECONDS)).isTrue();
        synchronized (timers) {
            assertThat(timers.cancelled).isEqualTo(1);
        }
        assertThat(latch.isOpen()).isTrue();
    }

    private static boolean awaitQuietly(TaskScheduler.Latch latch, Instant deadline) {
        try {
            return latch.await(deadline);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
