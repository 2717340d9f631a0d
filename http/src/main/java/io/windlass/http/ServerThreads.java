package io.windlass.http;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The server's threads: a bounded request pool ({@code max} threads, a queue of {@code 2 * max}) and one scheduler
 * (task counts, store probe). When pool and queue are full the exchange runs on the accepting thread, where the
 * {@link Gate} sees it is not a {@link Worker} and answers 503 at once — so the server never holds more than
 * {@code 3 * max} requests and never drops a connection without an answer. All threads are daemons.
 */
final class ServerThreads {
    /** A request thread of the pool. */
    static final class Worker extends Thread {
        Worker(Runnable r, String name) {
            super(r, name);
            setDaemon(true);
        }
    }

    private ServerThreads() {
    }

    static ThreadPoolExecutor requests(int max) {
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(max, max, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(2 * max), r -> new Worker(r, "windlass-http-" + n.incrementAndGet()),
                new ThreadPoolExecutor.CallerRunsPolicy());
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    static ScheduledExecutorService scheduler() {
        ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "windlass-http-scheduler");
            t.setDaemon(true);
            return t;
        });
        s.setRemoveOnCancelPolicy(true);
        return s;
    }
}
