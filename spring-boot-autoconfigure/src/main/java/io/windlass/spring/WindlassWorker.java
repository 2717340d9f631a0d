package io.windlass.spring;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.windlass.consumer.Consumer;
import io.windlass.consumer.ConsumerListener;
import io.windlass.consumer.ConsumerSettings;
import io.windlass.consumer.balance.Balancer;
import io.windlass.consumer.balance.ResourceReporter;
import io.windlass.etcd.EtcdCoordinator;
import io.windlass.etcd.EtcdCoordinatorSettings;
import io.windlass.http.WindlassMetrics;
import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.ErrorPolicy;
import io.windlass.statemachine.WindlassException;
import io.windlass.statemachine.handler.HandlerRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;

/**
 * The consumers of this application, one per configured namespace, as a {@link SmartLifecycle}: they start after
 * every singleton (so every handler and what it needs) exists and after the web server, and stop in Spring's
 * graceful-shutdown phase ({@link #PHASE}, the web server's graceful shutdown runs in the same phase): each consumer
 * drains (running steps stored, every claim released with a fenced write, the node leaves), waiting at most
 * {@code windlass.worker.shutdown-grace}. The etcd connections are closed after that, when
 * {@link WindlassConnections} is destroyed; {@link #destroy()} makes sure of the order even when the lifecycle
 * timeout cut the stop short. Thread-safe.
 */
public final class WindlassWorker implements SmartLifecycle, DisposableBean {
    /** {@code SmartLifecycle.DEFAULT_PHASE - 1024}: Spring Boot's web server graceful-shutdown phase. */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 1024;
    private static final Logger LOG = LoggerFactory.getLogger(WindlassWorker.class);

    /** One running consumer. */
    public record Node(String namespace, String label, String nodeId, Consumer consumer, EtcdCoordinator coordinator) {
    }

    private final WindlassConnections connections;
    private final HandlerRegistry handlers;
    private final WindlassProperties properties;
    private final ObjectProvider<MeterRegistry> meters;
    private final ObjectProvider<Balancer> balancer;
    private final ObjectProvider<ErrorPolicy> errorPolicy;
    private final ObjectProvider<ConsumerListener> listeners;
    private final List<Node> nodes = new CopyOnWriteArrayList<>();
    private final List<WindlassMetrics> bindings = new ArrayList<>();
    private volatile boolean running;

    WindlassWorker(WindlassConnections connections, HandlerRegistry handlers, WindlassProperties properties,
                   ObjectProvider<MeterRegistry> meters, ObjectProvider<Balancer> balancer,
                   ObjectProvider<ErrorPolicy> errorPolicy, ObjectProvider<ConsumerListener> listeners) {
        this.connections = connections;
        this.handlers = handlers;
        this.properties = properties;
        this.meters = meters;
        this.balancer = balancer;
        this.errorPolicy = errorPolicy;
        this.listeners = listeners;
        settings(properties.getWorker()); // validates at bean creation, before anything connects
    }

    /**
     * Starts every consumer, in configuration order; if one fails (etcd unreachable, permission denied, node id
     * held by another live process past {@code windlass.worker.node-id-wait}), stops those started and rethrows.
     */
    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        try {
            for (NamespaceTargets.Target t : connections.targets()) {
                nodes.add(startOne(t));
            }
        } catch (RuntimeException e) {
            LOG.warn("windlass worker did not start: {}", e.getMessage());
            drain();
            throw e;
        }
        running = true;
    }

    private Node startOne(NamespaceTargets.Target t) {
        long deadline = System.nanoTime() + properties.getWorker().getNodeIdWait().toNanos();
        while (true) {
            MeterRegistry registry = meters.getIfAvailable();
            Tags tags = Tags.of("namespace", t.namespace());
            EtcdCoordinatorSettings cs = connections.settings(t);
            if (registry != null) {
                cs = cs.withObserver(WindlassMetrics.etcdObserver(registry, tags));
            }
            EtcdCoordinator coordinator = EtcdCoordinator.create(connections.connection(t), t.namespace(), cs);
            WorkerProperties w = properties.getWorker();
            var builder = Consumer.builder().nodeId(t.nodeId()).coordinator(coordinator).handlers(handlers)
                    .settings(settings(w)).balancer(balancer.getIfAvailable(() -> balancer(w)));
            ErrorPolicy policy = errorPolicy.getIfAvailable();
            if (policy != null) {
                builder.errorPolicy(policy);
            }
            listeners.orderedStream().forEach(builder::listener);
            Consumer consumer = builder.build();
            WindlassMetrics binding = registry == null ? null
                    : WindlassMetrics.bind(consumer, registry, tags).lease(coordinator);
            try {
                consumer.start();
                if (binding != null) {
                    bindings.add(binding);
                }
                LOG.info("windlass consumer started node={} namespace={} etcd={}", t.nodeId(), t.namespace(),
                        t.cluster().endpoints());
                return new Node(t.namespace(), t.label(), t.nodeId(), consumer, coordinator);
            } catch (WindlassException e) {
                if (binding != null) {
                    binding.close();
                }
                consumer.shutdownNow();
                if (e.code() != ErrorCode.NODE_ID_TAKEN || System.nanoTime() - deadline >= 0) {
                    throw e;
                }
                LOG.warn("node id {} is still held in {} ({}): trying again", t.nodeId(), t.namespace(),
                        e.getMessage());
                pause();
            }
        }
    }

    private static ConsumerSettings settings(WorkerProperties w) {
        try {
            ConsumerSettings d = ConsumerSettings.defaults();
            return new ConsumerSettings(w.getBalanceInterval(), w.getBalanceJitter(), w.getShutdownGrace(),
                    w.getReleaseBackoff(), d.claimRetry(), d.claimDelayPerTask(), d.claimDelayMax(),
                    d.writeRetryMin(), d.writeRetryMax(), w.getMaxClaimsInFlight());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw NamespaceTargets.invalid("windlass.worker", String.valueOf(e.getMessage()));
        }
    }

    private static Balancer balancer(WorkerProperties w) {
        if (w.getBalancer() == WorkerProperties.BalancerKind.RESOURCE) {
            try {
                return Balancer.resource(ResourceReporter.highest(ResourceReporter.linuxMemory(),
                        ResourceReporter.jvmHeap()), w.getClaimLimit(), w.getReleaseLimit());
            } catch (IllegalArgumentException e) {
                throw NamespaceTargets.invalid("windlass.worker.claim-limit", e.getMessage());
            }
        }
        return Balancer.fair();
    }

    private static void pause() {
        try {
            TimeUnit.MILLISECONDS.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WindlassException(ErrorCode.INTERRUPTED, "interrupted while waiting for the node id", e);
        }
    }

    /** Asynchronous graceful stop: {@code callback} runs when every consumer has drained (or was cut short). */
    @Override
    public void stop(Runnable callback) {
        Thread t = new Thread(() -> {
            try {
                stop();
            } finally {
                callback.run();
            }
        }, "windlass-drain");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void stop() {
        drain();
    }

    /** Drains every consumer in parallel; returns when all have terminated. Idempotent. */
    private synchronized void drain() {
        running = false;
        if (nodes.isEmpty()) {
            return;
        }
        nodes.forEach(n -> LOG.info("windlass draining node={} namespace={} tasks={}", n.nodeId(), n.namespace(),
                n.consumer().ownedTasks().size()));
        nodes.forEach(n -> n.consumer().shutdown());
        Duration wait = properties.getWorker().getShutdownGrace().plusSeconds(5);
        for (Node n : nodes) {
            try {
                if (!n.consumer().awaitTermination(wait)) {
                    LOG.warn("windlass node={} did not drain within {}: stopping now", n.nodeId(), wait);
                    n.consumer().shutdownNow();
                }
            } catch (InterruptedException e) {
                n.consumer().shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
        bindings.forEach(WindlassMetrics::close);
        bindings.clear();
        LOG.info("windlass drained {} node(s)", nodes.size());
        nodes.clear();
    }

    /** Before the connections close: drains what a cut-short lifecycle stop left running. */
    @Override
    public void destroy() {
        drain();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /** The running consumers (empty before start and after stop), in configuration order. */
    public List<Node> nodes() {
        return List.copyOf(nodes);
    }
}
