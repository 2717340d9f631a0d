package io.windlass.bench;

import io.windlass.consumer.spi.DaemonThreads;
import io.etcd.jetcd.Client;
import io.windlass.consumer.Consumer;
import io.windlass.consumer.ConsumerBuilder;
import io.windlass.consumer.ConsumerListener;
import io.windlass.etcd.EtcdCoordinator;
import io.windlass.statemachine.StateCode;
import io.windlass.statemachine.TaskState;
import io.windlass.statemachine.Transition;
import io.windlass.statemachine.handler.HandlerRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * A framework node: the real consumer engine ({@link Consumer}, default balancer and settings) on an
 * {@link EtcdCoordinator} with its own jetcd client, running {@link BenchHandler}. Reports to a {@link Tracker}.
 */
final class EngineNode implements Node {
    private final String name;
    private final Client client;
    private final Consumer consumer;
    private final AtomicInteger claimed = new AtomicInteger();

    EngineNode(String name, Client client, EtcdCoordinator coordinator, BenchHandler handler, Tracker tracker) {
        this(name, client, coordinator, HandlerRegistry.builder().register(BenchHandler.TYPE, handler).build(),
                tracker);
    }

    EngineNode(String name, Client client, EtcdCoordinator coordinator, HandlerRegistry handlers, Tracker tracker) {
        this(name, client, coordinator, handlers, tracker, UnaryOperator.identity());
    }

    /** As above, with {@code tune} applied to the consumer's builder last (e.g. a shorter balance interval). */
    EngineNode(String name, Client client, EtcdCoordinator coordinator, HandlerRegistry handlers, Tracker tracker,
               UnaryOperator<ConsumerBuilder> tune) {
        this.name = name;
        this.client = client;
        this.consumer = tune.apply(Consumer.builder()
                .nodeId(name)
                .coordinator(coordinator)
                .handlers(handlers)
                .listener(new ConsumerListener() {
                    @Override
                    public void taskClaimed(String taskId, long fence) {
                        claimed.incrementAndGet();
                        tracker.claimed(name, taskId);
                    }

                    @Override
                    public void transitionStored(String taskId, Transition transition, TaskState state) {
                        tracker.stored(name, taskId, transition, state);
                    }

                    @Override
                    public void claimLost(String taskId, String reason) {
                        claimed.decrementAndGet();
                        tracker.claimLost(name, taskId, reason);
                    }

                    @Override
                    public void claimAttempted(String taskId, String taskType, String result, Duration latency,
                                               Duration sinceOffer) {
                        tracker.claimAttempted(name, taskId, result, latency, sinceOffer);
                    }

                    @Override
                    public void taskReleased(String taskId, String reason) {
                        claimed.decrementAndGet();
                        tracker.released(name, taskId);
                    }

                    @Override
                    public void taskFinished(String taskId, StateCode state) {
                        claimed.decrementAndGet();
                    }
                }))
                .build();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void start() {
        consumer.start();
    }

    @Override
    public int claimed() {
        return claimed.get();
    }

    /** Abandons every task at once (no release writes) in the background; the caller cuts the connection first. */
    @Override
    public void die() {
        DaemonThreads.named("bench-kill-" + name).newThread(consumer::shutdownNow).start();
    }

    @Override
    public void close() {
        try {
            consumer.shutdownNow();
            consumer.awaitTermination(Duration.ofSeconds(15));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            client.close();
        }
    }
}
