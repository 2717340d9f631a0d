package io.windlass.consumer;

import io.windlass.consumer.spi.DaemonThreads;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer's default executor for handler callbacks: one thread per running callback, so a callback never waits
 * for another to return, however many block (a Metafora-style loop holds its thread until it is told to stop).
 *
 * <ul>
 *   <li>On a JVM whose virtual threads do not pin their carrier in {@code synchronized} (Java 24+, JEP 491): a
 *   virtual thread per callback, looked up by reflection (the code compiles for Java 17).</li>
 *   <li>Otherwise an elastic pool of platform threads: {@link #CORE_THREADS} kept, no upper bound, no queue (a callback
 *   takes an idle thread or starts a new one at once), idle extra threads end after {@link #KEEP_ALIVE}.</li>
 * </ul>
 *
 * <p>The trade-off against a fixed pool: the thread count follows the callbacks running now (plus the idle ones of the
 * last {@link #KEEP_ALIVE}), not a bound. Sleeping and paused tasks hold no thread, so it is "callbacks running now +
 * a constant"; a burst of short callbacks (a claim storm) may briefly start extra threads that end after the
 * keep-alive. A fixed pool would cap threads but let blocked callbacks starve every other task silently.
 */
final class CallbackThreads {
    private static final Logger LOG = LoggerFactory.getLogger(CallbackThreads.class);
    /** Platform threads the elastic pool keeps even when idle. */
    static final int CORE_THREADS = Math.max(2, Runtime.getRuntime().availableProcessors());
    /** How long an idle extra platform thread lives. */
    static final Duration KEEP_ALIVE = Duration.ofSeconds(30);
    /** The first Java release whose virtual threads do not pin their carrier in {@code synchronized}. */
    static final int VIRTUAL_THREADS_FROM = 24;

    private CallbackThreads() {
    }

    /** The default callback executor of node {@code nodeId} (threads named {@code windlass-<node>-handler-<n>}). */
    static ExecutorService create(String nodeId) {
        String prefix = "windlass-" + nodeId + "-handler-";
        if (Runtime.version().feature() >= VIRTUAL_THREADS_FROM) {
            ExecutorService virtual = virtualThreads(prefix);
            if (virtual != null) {
                return virtual;
            }
        }
        return elastic(prefix, CORE_THREADS, KEEP_ALIVE);
    }

    /** The elastic pool: {@code core} threads kept, any number more, each extra one ending after {@code keepAlive}. */
    static ThreadPoolExecutor elastic(String prefix, int core, Duration keepAlive) {
        return new ThreadPoolExecutor(core, Integer.MAX_VALUE, keepAlive.toNanos(), TimeUnit.NANOSECONDS,
                new SynchronousQueue<>(), DaemonThreads.factory(prefix));
    }

    /** A virtual thread per task, named {@code prefix<n>}; null when this JVM has no virtual threads. */
    static ExecutorService virtualThreads(String prefix) {
        try {
            Class<?> builderType = Class.forName("java.lang.Thread$Builder");
            Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
            builder = builderType.getMethod("name", String.class, long.class).invoke(builder, prefix, 1L);
            ThreadFactory factory = (ThreadFactory) builderType.getMethod("factory").invoke(builder);
            Method perTask = Executors.class.getMethod("newThreadPerTaskExecutor", ThreadFactory.class);
            return (ExecutorService) perTask.invoke(null, factory);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debug("no virtual threads on this JVM ({}); using platform threads", e.toString());
            return null;
        }
    }
}
