package io.windlass.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.windlass.consumer.Consumer;
import io.windlass.consumer.ConsumerListener;
import io.windlass.consumer.spi.TaskCommand;
import io.windlass.etcd.EtcdCoordinator;
import io.windlass.statemachine.StateCode;
import io.windlass.statemachine.TaskState;
import io.windlass.statemachine.Transition;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Micrometer meters of one consumer, usable without the HTTP server:
 * {@code WindlassMetrics.bind(consumer, registry)} registers a {@link ConsumerListener} on the consumer and gauges
 * that read it. Names are dot-separated ({@code windlass.transitions}); Prometheus shows them as
 * {@code windlass_transitions_total}. Tags are bounded (states, command kinds, release reasons, the caller's common
 * tags such as namespace) — never a task id. The meters (docs/http-api.md#metrics):
 * <ul>
 * <li>{@code windlass.transitions} (from, to, command), {@code windlass.commands.rejected} (kind),
 *     {@code windlass.claims} (result=won), {@code windlass.claims.lost} (fence/claim lost),
 *     {@code windlass.tasks.released} (reason: balancer, shutdown, stop_task, command, other — balancer = rebalance
 *     moves), {@code windlass.tasks.finished} (state), {@code windlass.shutdown.overdue} — counters;</li>
 * <li>{@code windlass.tasks.owned}, {@code windlass.node.frozen}, {@code windlass.node.draining},
 *     {@code windlass.build.info} (version) — gauges; with {@link #lease}: {@code windlass.lease.valid},
 *     {@code windlass.lease.time.left} (seconds).</li>
 * </ul>
 *
 * <p>Threads: the listener runs on the consumer's event loops (lock-free counter increments); gauges are read by the
 * registry's exporter. {@link #close()} removes the meters and mutes the listener. Thread-safe.
 */
public final class WindlassMetrics implements AutoCloseable {
    private final MeterRegistry registry;
    private final Tags tags;
    private final Set<Meter.Id> meters = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private WindlassMetrics(MeterRegistry registry, Tags tags) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.tags = Objects.requireNonNull(tags, "tags");
    }

    /** Binds {@code consumer}'s meters to {@code registry}. */
    public static WindlassMetrics bind(Consumer consumer, MeterRegistry registry) {
        return bind(consumer, registry, Tags.empty());
    }

    /** Binds {@code consumer}'s meters to {@code registry}, each with {@code commonTags} (keep them bounded). */
    public static WindlassMetrics bind(Consumer consumer, MeterRegistry registry, Iterable<Tag> commonTags) {
        Objects.requireNonNull(consumer, "consumer");
        WindlassMetrics m = unbound(registry, commonTags);
        m.gauge("windlass.tasks.owned", "tasks this node runs", consumer, c -> c.ownedTasks().size(), Tags.empty());
        m.gauge("windlass.node.frozen", "1 while a freeze node command holds", consumer, c -> c.isFrozen() ? 1 : 0,
                Tags.empty());
        m.gauge("windlass.node.draining", "1 once the node shuts down", consumer, c -> c.isShutdown() ? 1 : 0,
                Tags.empty());
        consumer.addListener(m.new Listener());
        return m;
    }

    /** Only {@code windlass.build.info}: for a process without a consumer (the server's serve mode). */
    static WindlassMetrics unbound(MeterRegistry registry, Iterable<Tag> commonTags) {
        WindlassMetrics m = new WindlassMetrics(registry, Tags.of(commonTags));
        String version = WindlassMetrics.class.getPackage().getImplementationVersion();
        m.gauge("windlass.build.info", "always 1; the version is a tag", m, x -> 1,
                Tags.of("version", version == null ? "unknown" : version));
        return m;
    }

    /** Adds the lease gauges of the consumer's etcd coordinator. Returns this. */
    public WindlassMetrics lease(EtcdCoordinator coordinator) {
        Objects.requireNonNull(coordinator, "coordinator");
        gauge("windlass.lease.valid", "1 while the node's lease is live", coordinator, c -> c.isLeaseValid() ? 1 : 0,
                Tags.empty());
        meters.add(Gauge.builder("windlass.lease.time.left", coordinator,
                        c -> Math.max(0, c.leaseValidUntilNanos() - System.nanoTime()) / 1e9)
                .description("time until the lease's local deadline (0 when passed)").baseUnit("seconds")
                .tags(tags).strongReference(true).register(registry).getId());
        return this;
    }

    /** The tasks-per-state gauges {@code windlass.tasks} (state), from the server's aggregate. */
    void taskCounts(StateCounts counts) {
        for (StateCode c : StateCode.values()) {
            gauge("windlass.tasks", "tasks of the namespace by state (from the watched aggregate)", counts,
                    s -> s.snapshot().byState().get(c), Tags.of("state", c.name()));
        }
    }

    private <T> void gauge(String name, String description, T target, java.util.function.ToDoubleFunction<T> f,
                           Tags extra) {
        meters.add(Gauge.builder(name, target, f).description(description).tags(tags).tags(extra).strongReference(true)
                .register(registry).getId());
    }

    private void count(String name, String description, Tags extra, double amount) {
        if (closed) {
            return;
        }
        Counter c = Counter.builder(name).description(description).tags(tags).tags(extra).register(registry);
        meters.add(c.getId());
        c.increment(amount);
    }

    /** Removes every meter this binder registered; the listener stays on the consumer but does nothing. */
    @Override
    public void close() {
        closed = true;
        meters.forEach(registry::remove);
        meters.clear();
    }

    static String releaseReason(String detail) {
        String d = detail == null ? "" : detail;
        if (d.startsWith("balancer")) {
            return "balancer";
        }
        if (d.startsWith("shutdown")) {
            return "shutdown";
        }
        if (d.startsWith("stop_task")) {
            return "stop_task";
        }
        return d.startsWith("Release") || d.equals("released") ? "command" : "other";
    }

    private final class Listener implements ConsumerListener {
        @Override
        public void taskClaimed(String taskId, long fence) {
            count("windlass.claims", "claims this node made", Tags.of("result", "won"), 1);
        }

        @Override
        public void transitionStored(String taskId, Transition t, TaskState state) {
            count("windlass.transitions", "stored transitions", Tags.of("from", t.from().name(), "to", t.to().name(),
                    "command", t.command().name()), 1);
        }

        @Override
        public void commandRejected(String taskId, TaskCommand command, String reason) {
            count("windlass.commands.rejected", "stored commands the owner found illegal and acknowledged unapplied",
                    Tags.of("kind", command.command().kind().name()), 1);
        }

        @Override
        public void claimLost(String taskId, String reason) {
            count("windlass.claims.lost", "tasks stopped here because the claim (fence) was lost", Tags.empty(), 1);
        }

        @Override
        public void taskReleased(String taskId, String reason) {
            count("windlass.tasks.released", "tasks this node released", Tags.of("reason", releaseReason(reason)), 1);
        }

        @Override
        public void taskFinished(String taskId, StateCode state) {
            count("windlass.tasks.finished", "tasks that reached a terminal state here", Tags.of("state", state.name()),
                    1);
        }

        @Override
        public void shutdownOverdue(Set<String> taskIds) {
            count("windlass.shutdown.overdue", "tasks abandoned after the shutdown grace period", Tags.empty(),
                    taskIds.size());
        }
    }
}
