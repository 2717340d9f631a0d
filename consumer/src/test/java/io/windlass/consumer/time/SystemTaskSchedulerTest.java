package io.windlass.consumer.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SystemTaskSchedulerTest {
    /** Generous: only a failure waits this long. */
    private static final long TIMEOUT_S = 30;
    private final TaskScheduler scheduler = TaskScheduler.system();

    @Test
    void firesNoEarlierThanItsInstant() throws InterruptedException {
        Instant at = scheduler.now().plus(Duration.ofMillis(30));
        AtomicReference<Instant> firedAt = new AtomicReference<>();
        CountDownLatch fired = new CountDownLatch(1);
        scheduler.schedule(at, () -> {
            firedAt.set(scheduler.now());
            fired.countDown();
        });
        assertThat(fired.await(TIMEOUT_S, TimeUnit.SECONDS)).isTrue();
        assertThat(firedAt.get()).isAfterOrEqualTo(at);
    }

    @Test
    void aPastInstantFiresAtOnceAndACancelledTimerNever() throws InterruptedException {
        // A private scheduler whose single timer thread the test holds busy while it schedules and cancels: the
        // cancelled timer cannot fire before cancel() however slowly this thread runs (a loaded machine).
        SystemTaskScheduler own = new SystemTaskScheduler(Clock.systemUTC());
        CountDownLatch timerThreadHeld = new CountDownLatch(1);
        CountDownLatch releaseTimerThread = new CountDownLatch(1);
        own.schedule(own.now().minusSeconds(5), () -> {
            timerThreadHeld.countDown();
            awaitQuietly(releaseTimerThread);
        });
        assertThat(timerThreadHeld.await(TIMEOUT_S, TimeUnit.SECONDS)).as("a past instant fires at once").isTrue();

        CountDownLatch cancelledRan = new CountDownLatch(1);
        Instant cancelledAt = own.now().plusMillis(50);
        TaskScheduler.Timer t = own.schedule(cancelledAt, cancelledRan::countDown);
        t.cancel();
        t.cancel();
        // a later timer fires after the cancelled one's instant on the same single thread: by then the cancelled
        // one would have run
        CountDownLatch later = new CountDownLatch(1);
        own.schedule(cancelledAt.plusMillis(50), later::countDown);
        releaseTimerThread.countDown();
        assertThat(later.await(TIMEOUT_S, TimeUnit.SECONDS)).isTrue();
        assertThat(cancelledRan.getCount()).isEqualTo(1);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(TIMEOUT_S, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void farFutureTimersAreAcceptedWithoutOverflow() {
        TaskScheduler.Timer t = scheduler.schedule(Instant.parse("2199-12-31T00:00:00Z"), () -> { });
        t.cancel();
        assertThat(SystemTaskScheduler.MAX_CHUNK).isPositive();
    }
}
