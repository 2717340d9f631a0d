package io.windlass.cli.demo;

import io.windlass.consumer.Consumer;
import io.windlass.consumer.ConsumerListener;
import io.windlass.consumer.ConsumerSettings;
import io.windlass.consumer.balance.FairBalancer;
import io.windlass.consumer.spi.Coordinator;
import io.windlass.statemachine.handler.HandlerRegistry;
import java.time.Duration;

/**
 * One consumer node of the demo, in this JVM. It balances with a fair balancer of threshold 1.0 (instead of the
 * default 1.2), so that even a dozen tasks visibly spread to a node that joins.
 */
final class DemoNode {
    /** Lease TTL of the demo's nodes: a node that vanished without leaving loses its tasks after this. */
    static final Duration LEASE_TTL = Duration.ofSeconds(5);
    private static final Duration GRACE = Duration.ofSeconds(5);
    /**
     * Defaults, except: balance every 20 s, a 5 s shutdown grace, and a larger claim delay per owned task (20 ms) so
     * that a released task clearly goes to the least-loaded node.
     */
    private static final ConsumerSettings SETTINGS = new ConsumerSettings(Duration.ofSeconds(20), Duration.ofSeconds(2),
            GRACE, Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofMillis(20), Duration.ofMillis(400),
            Duration.ofMillis(100), Duration.ofSeconds(10));

    private final String id;
    private final Consumer consumer;

    private DemoNode(String id, Consumer consumer) {
        this.id = id;
        this.consumer = consumer;
    }

    /** Builds and starts a node; it owns {@code coordinator} from now on. */
    static DemoNode start(String id, Coordinator coordinator, HandlerRegistry registry, ConsumerListener listener) {
        Consumer consumer = Consumer.builder()
                .nodeId(id)
                .coordinator(coordinator)
                .handlers(registry)
                .listener(listener)
                .settings(SETTINGS)
                .balancer(FairBalancer.create(1.0, SETTINGS.releaseBackoff()))
                .build();
        consumer.start();
        return new DemoNode(id, consumer);
    }

    String id() {
        return id;
    }

    /** Starts a graceful shutdown without waiting. */
    void beginStop() {
        consumer.shutdown();
    }

    /** Graceful shutdown: its tasks are released (the other nodes take them); waits for it to finish. */
    void stop() {
        consumer.shutdown();
        try {
            if (!consumer.awaitTermination(GRACE.plusSeconds(5))) {
                consumer.shutdownNow();
            }
        } catch (InterruptedException e) {
            consumer.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
