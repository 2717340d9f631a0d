package io.windlass.consumer.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SystemTaskSchedulerTest {
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
        assertThat(fired.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(firedAt.get()).isAfterOrEqualTo(at);
    }

    @Test
    void aPastInstantFiresAtOnceAndACancelledTimerNever() throws InterruptedException {
        CountDownLatch cancelledRan = new CountDownLatch(1);
        TaskScheduler.Timer t = scheduler.schedule(scheduler.now().plusMillis(50), cancelledRan::countDown);
        t.cancel();
        t.cancel();
        CountDownLatch past = new CountDownLatch(1);
        scheduler.schedule(scheduler.now().minusSeconds(5), past::countDown);
        assertThat(past.await(5, TimeUnit.SECONDS)).isTrue();
        // a later timer fires after the cancelled one's instant: by then the cancelled one would have run
        CountDownLatch later = new CountDownLatch(1);
        scheduler.schedule(scheduler.now().plusMillis(100), later::countDown);
        assertThat(later.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(cancelledRan.getCount()).isEqualTo(1);
    }

    @Test
    void farFutureTimersAreAcceptedWithoutOverflow() {
        TaskScheduler.Timer t = scheduler.schedule(Instant.parse("2199-12-31T00:00:00Z"), () -> { });
        t.cancel();
        assertThat(SystemTaskScheduler.MAX_CHUNK).isPositive();
    }
}
