package io.windlass.testing.harness;

import io.windlass.consumer.ConsumerBuilder;
import io.windlass.consumer.ConsumerListener;
import io.windlass.consumer.ConsumerSettings;
import io.windlass.consumer.balance.Balancer;
import io.windlass.consumer.spi.Coordinator;
import io.windlass.statemachine.ErrorPolicy;
import io.windlass.statemachine.handler.TaskHandler;
import io.windlass.embedded.InMemoryCluster;
import io.windlass.testing.time.VirtualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Settings of a {@link TaskHarness}. Defaults: one node {@code "node-1"}, virtual time starting at
 * {@link VirtualClock#DEFAULT_START}, the production consumer settings except that claims are not delayed by load
 * ({@code claimDelayPerTask} 0, so a submitted task is claimed without moving time), the fair balancer, the metafora
 * error policy, a lease TTL of 10 s and a fixed random seed (0) for the balance jitter.
 */
public final class TaskHarnessBuilder {
    private final List<String> nodeIds = new ArrayList<>(List.of("node-1"));
    private final Map<String, TaskHandler<?>> handlers = new LinkedHashMap<>();
    private Instant start = VirtualClock.DEFAULT_START;
    private Duration leaseTtl = InMemoryCluster.DEFAULT_LEASE_TTL;
    private ConsumerSettings consumerSettings = withoutClaimDelay(ConsumerSettings.defaults());
    private Supplier<Balancer> balancers = Balancer::fair;
    private ErrorPolicy errorPolicy = ErrorPolicy.metafora();
    private long seed;
    private UnaryOperator<Coordinator> decorator = UnaryOperator.identity();
    private final List<ConsumerListener> listeners = new ArrayList<>();

    TaskHarnessBuilder() {
    }

    /** The nodes started with the harness (default {@code "node-1"}). */
    public TaskHarnessBuilder nodes(String... ids) {
        if (ids.length == 0) {
            throw new IllegalArgumentException("a harness needs at least one node");
        }
        nodeIds.clear();
        nodeIds.addAll(List.of(ids));
        return this;
    }

    public TaskHarnessBuilder register(String type, TaskHandler<?> handler) {
        if (handlers.putIfAbsent(Objects.requireNonNull(type, "type"), Objects.requireNonNull(handler)) != null) {
            throw new IllegalArgumentException("a handler for type '" + type + "' is registered already");
        }
        return this;
    }

    /** Where virtual time starts. */
    public TaskHarnessBuilder startAt(Instant instant) {
        this.start = Objects.requireNonNull(instant, "instant");
        return this;
    }

    public TaskHarnessBuilder leaseTtl(Duration ttl) {
        this.leaseTtl = Objects.requireNonNull(ttl, "ttl");
        return this;
    }

    /** Consumer settings of every node (durations are virtual time). */
    public TaskHarnessBuilder consumerSettings(ConsumerSettings s) {
        this.consumerSettings = Objects.requireNonNull(s, "settings");
        return this;
    }

    /** A fresh balancer per node (balancers keep per-node state). */
    public TaskHarnessBuilder balancer(Supplier<Balancer> perNode) {
        this.balancers = Objects.requireNonNull(perNode, "balancer");
        return this;
    }

    public TaskHarnessBuilder errorPolicy(ErrorPolicy policy) {
        this.errorPolicy = Objects.requireNonNull(policy, "errorPolicy");
        return this;
    }

    /** The seed of the balance jitter (each node gets its own Random, seeded with seed + the node id's hash). */
    public TaskHarnessBuilder seed(long s) {
        this.seed = s;
        return this;
    }

    /** A listener added to every node. */
    public TaskHarnessBuilder listener(ConsumerListener l) {
        listeners.add(Objects.requireNonNull(l, "listener"));
        return this;
    }

    /**
     * Wraps each node's coordinator (fault injection: delay, duplicate or drop events, fail writes...). The wrapper
     * receives the in-memory coordinator and returns the one the consumer uses.
     */
    public TaskHarnessBuilder coordinatorDecorator(UnaryOperator<Coordinator> wrap) {
        this.decorator = Objects.requireNonNull(wrap, "wrap");
        return this;
    }

    public TaskHarness build() {
        return new TaskHarness(this);
    }

    /** {@code s} with {@code claimDelayPerTask} set to zero. */
    public static ConsumerSettings withoutClaimDelay(ConsumerSettings s) {
        return new ConsumerSettings(s.balanceInterval(), s.balanceJitter(), s.shutdownGrace(), s.releaseBackoff(),
                s.claimRetry(), Duration.ZERO, s.claimDelayMax(), s.writeRetryMin(), s.writeRetryMax(),
                s.maxClaimsInFlight());
    }

    Coordinator decorate(Coordinator c) {
        return Objects.requireNonNull(decorator.apply(c), "the coordinator decorator returned null");
    }

    VirtualClock clock() {
        return VirtualClock.startingAt(start);
    }

    Duration leaseTtl() {
        return leaseTtl;
    }

    List<String> nodeIds() {
        return List.copyOf(nodeIds);
    }

    Map<String, TaskHandler<?>> handlers() {
        return Map.copyOf(handlers);
    }

    ConsumerBuilder configure(ConsumerBuilder b, String nodeId) {
        b.nodeId(nodeId).settings(consumerSettings).balancer(balancers.get()).errorPolicy(errorPolicy)
                .random(new Random(seed + nodeId.hashCode()));
        listeners.forEach(b::listener);
        return b;
    }
}
