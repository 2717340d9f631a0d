package io.windlass.consumer.spi;

import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Thread factories for Windlass's own background threads (coordinator, consumer, test support). Every thread they
 * make is a daemon, so a forgotten {@code close()} never keeps a JVM alive, and is named, so a thread dump tells whose
 * it is.
 */
public final class DaemonThreads {
    private DaemonThreads() {
    }

    /** Daemon threads named {@code namePrefix} + 1, 2, 3, ... in creation order (for pools). */
    public static ThreadFactory factory(String namePrefix) {
        Objects.requireNonNull(namePrefix, "namePrefix");
        AtomicInteger n = new AtomicInteger();
        return r -> daemon(r, namePrefix + n.incrementAndGet());
    }

    /**
     * Daemon threads all named exactly {@code name} (for single-thread executors, and for one-off threads:
     * {@code DaemonThreads.named("x").newThread(body).start()}).
     */
    public static ThreadFactory named(String name) {
        Objects.requireNonNull(name, "name");
        return r -> daemon(r, name);
    }

    private static Thread daemon(Runnable body, String name) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        return t;
    }
}
