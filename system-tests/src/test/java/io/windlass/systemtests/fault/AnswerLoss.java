package io.windlass.systemtests.fault;

import io.windlass.launcher.FaultProxy;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ambiguous commits on a timer: a thread that, over and over, makes a random one of {@code proxies} lose every answer
 * ({@link FaultProxy#loseAnswers()}) for {@code 200..700 ms} — requests still reach etcd and are applied, the caller
 * sees a timeout or a reset — then heals it and waits {@code 300..1,300 ms}. Windows are shorter than a third of the
 * workers' lease TTL, so leases normally survive them. {@link #close()} stops the thread and heals every proxy.
 */
final class AnswerLoss implements AutoCloseable {
    private final List<FaultProxy> proxies;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger windows = new AtomicInteger();
    private final Thread thread;

    AnswerLoss(List<FaultProxy> proxies, long seed) {
        this.proxies = List.copyOf(proxies);
        Random random = new Random(seed);
        this.thread = new Thread(() -> {
            while (running.get()) {
                FaultProxy p = this.proxies.get(random.nextInt(this.proxies.size()));
                p.loseAnswers();
                windows.incrementAndGet();
                Await.pause(200 + random.nextInt(500));
                p.heal();
                Await.pause(300 + random.nextInt(1000));
            }
        }, "answer-loss");
        thread.setDaemon(true);
        thread.start();
    }

    /** Windows of lost answers so far. */
    int windows() {
        return windows.get();
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(10_000);
        proxies.forEach(FaultProxy::heal);
    }
}
