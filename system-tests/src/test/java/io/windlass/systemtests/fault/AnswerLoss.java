package io.windlass.systemtests.fault;

import io.windlass.launcher.FaultProxy;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ambiguous commits on a timer: over and over, a random one of {@code proxies} loses every answer
 * ({@link FaultProxy#loseAnswers()}) for {@code 200..700 ms} — requests still reach etcd and are applied, the caller
 * sees a timeout or a reset — then is healed for {@code 300..1,300 ms}. Windows are shorter than a third of the
 * workers' lease TTL, so leases normally survive them. One scheduler thread runs the windows; {@link #close()} stops
 * it and heals every proxy.
 */
final class AnswerLoss implements AutoCloseable {
    private final List<FaultProxy> proxies;
    private final AtomicInteger windows = new AtomicInteger();
    private final Random random;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "answer-loss");
        t.setDaemon(true);
        return t;
    });

    AnswerLoss(List<FaultProxy> proxies, long seed) {
        this.proxies = List.copyOf(proxies);
        this.random = new Random(seed);
        timer.execute(this::loseAnswers);
    }

    /** On the timer thread: opens a window, schedules its end. */
    private void loseAnswers() {
        FaultProxy p = proxies.get(random.nextInt(proxies.size()));
        p.loseAnswers();
        windows.incrementAndGet();
        later(() -> {
            p.heal();
            later(this::loseAnswers, 300 + random.nextInt(1000));
        }, 200 + random.nextInt(500));
    }

    private void later(Runnable step, long millis) {
        try {
            timer.schedule(step, millis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closed) {
            // close() stopped the timer: it heals every proxy
        }
    }

    /** Windows of lost answers so far. */
    int windows() {
        return windows.get();
    }

    @Override
    public void close() throws InterruptedException {
        timer.shutdownNow();
        timer.awaitTermination(10, TimeUnit.SECONDS);
        proxies.forEach(FaultProxy::heal);
    }
}
