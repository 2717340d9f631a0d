package io.windlass.consumer;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * A consumer node: claims tasks of one namespace (the {@link io.windlass.consumer.spi.Coordinator} is bound to it),
 * runs their handlers, balances with the other nodes and serves node commands. Built with {@link #builder()}.
 *
 * <pre>{@code
 * Consumer consumer = Consumer.builder()
 *     .nodeId("worker-1")
 *     .coordinator(coordinator)                      // etcd or in-memory, bound to a namespace
 *     .handlers(HandlerRegistry.builder().register("counter", new CounterHandler()).build())
 *     .build();
 * consumer.start();
 * ...
 * consumer.shutdown();                               // graceful: stop, persist, release, leave
 * consumer.awaitTermination(Duration.ofSeconds(40));
 * }</pre>
 *
 * <p>Lifecycle, like an {@link java.util.concurrent.ExecutorService}: {@link #start()} once (a second call, or a call
 * after shutdown, throws ILLEGAL_STATE); {@link #shutdown()} is idempotent (later calls are no-ops);
 * {@link #shutdownNow()} may follow {@link #shutdown()} to cut the grace period short. The consumer owns the
 * coordinator it was given and closes it when it terminates. All methods are thread-safe.
 */
public interface Consumer {

    static ConsumerBuilder builder() {
        return new ConsumerBuilder();
    }

    String nodeId();

    /**
     * Starts the coordinator (registers the node) and begins claiming.
     *
     * @throws io.windlass.statemachine.WindlassException ILLEGAL_STATE when started twice or after shutdown; what
     *     {@code Coordinator.start} throws (the consumer is then terminated)
     */
    void start();

    /**
     * Graceful shutdown, asynchronous: marks the node draining, stops claiming, asks every task to stop (the running
     * step's result is stored), releases every claim with a fenced write, then leaves the cluster (closes the
     * coordinator). Tasks whose handler ignores the stop signal past the shutdown grace period are abandoned, logged
     * and reported ({@link #overdueTasks()}, {@link ConsumerListener#shutdownOverdue}); leaving the cluster drops
     * their claims. Calling it before {@link #start()} terminates the consumer at once. Idempotent.
     */
    void shutdown();

    /**
     * Stops at once: abandons every task without waiting for handlers (their results are dropped; the stored state is
     * the last step's) and leaves the cluster, which drops the claims. Interrupts handler threads when the callback
     * executor is the consumer's own.
     *
     * @return the ids of tasks whose handler callback was still running
     */
    List<String> shutdownNow();

    /** Waits (real time) until the consumer has terminated. @return true if it terminated */
    boolean awaitTermination(Duration timeout) throws InterruptedException;

    boolean isShutdown();

    boolean isTerminated();

    /** The ids of the tasks this node currently runs (a snapshot). */
    Set<String> ownedTasks();

    /** True while a {@code freeze} node command holds (no new claims). */
    boolean isFrozen();

    /**
     * Adds a listener to a built consumer (e.g. a metrics binder): it gets the events from now on, none from before.
     * Thread-safe; the listener's contract is {@link ConsumerListener}'s.
     */
    void addListener(ConsumerListener listener);

    /** Tasks that did not stop within the grace period of the last graceful shutdown (empty otherwise). */
    Set<String> overdueTasks();
}
