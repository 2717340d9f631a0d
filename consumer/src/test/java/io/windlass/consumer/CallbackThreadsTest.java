package io.windlass.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class CallbackThreadsTest {
    private static final int BLOCKED = 200;

    @Test
    void everyCallbackStartsAtOnceHoweverManyOthersBlockAndIdleThreadsEnd() throws InterruptedException {
        ThreadPoolExecutor pool = CallbackThreads.elastic("test-handler-", 2, Duration.ofMillis(50));
        CountDownLatch started = new CountDownLatch(BLOCKED);
        CountDownLatch release = new CountDownLatch(1);
        try {
            for (int i = 0; i < BLOCKED; i++) {
                pool.execute(() -> {
                    started.countDown();
                    await(release);
                });
            }
            assertThat(started.await(30, TimeUnit.SECONDS)).as("all %d blocking callbacks run at once", BLOCKED)
                    .isTrue();
            CountDownLatch oneMore = new CountDownLatch(1);
            pool.execute(oneMore::countDown);
            assertThat(oneMore.await(30, TimeUnit.SECONDS)).as("one more starts while %d block", BLOCKED).isTrue();
            assertThat(pool.getPoolSize()).isGreaterThanOrEqualTo(BLOCKED);
        } finally {
            release.countDown();
        }
        waitFor(() -> pool.getPoolSize() == 2, "idle extra threads end after the keep-alive; the 2 core stay");
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void theDefaultNamesItsThreadsAfterTheNodeAndUsesVirtualThreadsOnlyFromJava24() throws Exception {
        ExecutorService e = CallbackThreads.create("n1");
        try {
            AtomicReference<Thread> ran = new AtomicReference<>();
            CountDownLatch done = new CountDownLatch(1);
            e.execute(() -> {
                ran.set(Thread.currentThread());
                done.countDown();
            });
            assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(ran.get().getName()).startsWith("windlass-n1-handler-");
            assertThat(ran.get().isDaemon()).isTrue();
            boolean virtual = (boolean) Thread.class.getMethod("isVirtual").invoke(ran.get());
            assertThat(virtual).isEqualTo(Runtime.version().feature() >= CallbackThreads.VIRTUAL_THREADS_FROM);
        } catch (NoSuchMethodException noVirtualThreadsAtAll) {
            assertThat(e).isInstanceOf(ThreadPoolExecutor.class);
        } finally {
            e.shutdown();
        }
    }

    @Test
    void withoutVirtualThreadsTheLookupAnswersNull() {
        ExecutorService v = CallbackThreads.virtualThreads("x-");
        try {
            assertThat(v == null).isEqualTo(Runtime.version().feature() < 21);
        } finally {
            if (v != null) {
                v.shutdown();
            }
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void waitFor(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 30 s: " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }
}
