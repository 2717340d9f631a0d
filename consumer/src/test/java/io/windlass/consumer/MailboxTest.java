package io.windlass.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MailboxTest {

    @Test
    void actionsRunOneAtATimeInPostOrderEvenFromManyThreads() throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            Mailbox box = new Mailbox("test", "1", pool);
            List<Integer> seen = new ArrayList<>(); // no lock: the mailbox serialises access
            AtomicInteger concurrent = new AtomicInteger();
            AtomicInteger maxConcurrent = new AtomicInteger();
            int posters = 4;
            int perPoster = 2_000;
            CountDownLatch done = new CountDownLatch(posters * perPoster);
            ExecutorService senders = Executors.newFixedThreadPool(posters);
            for (int p = 0; p < posters; p++) {
                int base = p * perPoster;
                senders.execute(() -> {
                    for (int i = 0; i < perPoster; i++) {
                        int value = base + i;
                        box.post(() -> {
                            maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
                            seen.add(value);
                            concurrent.decrementAndGet();
                            done.countDown();
                        });
                    }
                });
            }
            assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
            senders.shutdown();
            assertThat(maxConcurrent.get()).isEqualTo(1);
            CountDownLatch last = new CountDownLatch(1);
            box.post(last::countDown);
            assertThat(last.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(seen).hasSize(posters * perPoster);
            for (int p = 0; p < posters; p++) { // each poster's actions in its own post order
                int base = p * perPoster;
                assertThat(seen.stream().filter(v -> v >= base && v < base + perPoster).toList())
                        .isSorted();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFailingActionDoesNotStopTheMailbox() throws InterruptedException {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Mailbox box = new Mailbox("test", "1", pool);
            CountDownLatch after = new CountDownLatch(1);
            box.post(() -> {
                throw new IllegalStateException("boom (expected in this test)");
            });
            box.post(after::countDown);
            assertThat(after.await(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aRejectingExecutorDropsWithoutThrowing() {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        pool.shutdown();
        Mailbox box = new Mailbox("test", "1", pool);
        box.post(() -> { });
        box.post(() -> { });
        assertThat(box.toString()).contains("test");
    }

    @Test
    void postFirstRunsAheadOfWhatWaitsButAfterTheRunningAction() {
        List<Runnable> turns = new ArrayList<>();
        Mailbox box = new Mailbox("test", "1", turns::add); // runs nothing until the test runs its turns
        List<String> seen = new ArrayList<>();
        box.post(() -> {
            seen.add("running");
            box.post(() -> seen.add("posted later"));
            box.postFirst(() -> seen.add("first"));
            seen.add("still running");
        });
        box.post(() -> seen.add("waiting"));
        box.postFirst(() -> seen.add("first while idle"));
        while (!turns.isEmpty()) {
            turns.remove(0).run();
        }
        assertThat(seen).containsExactly("first while idle", "running", "still running", "first", "waiting",
                "posted later");
    }
}
