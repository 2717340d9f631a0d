package io.windlass.spring;

import io.windlass.etcd.EtcdTaskClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The {@code windlass} health: with a worker, UP while every node's lease is live, its registration is on it (so
 * claims are accepted), its watch is synced and it is not draining — flags only, no etcd call; DOWN with {@code reasons} otherwise
 * (also before the worker started and after it stopped). Client-only ({@code windlass.worker.enabled=false}): one
 * bounded {@code nodes()} read per namespace; DOWN with the error when etcd does not answer.
 */
final class WindlassHealth implements HealthIndicator {
    private final WindlassConnections connections;
    private final WindlassWorker worker;

    WindlassHealth(WindlassConnections connections, WindlassWorker worker) {
        this.connections = connections;
        this.worker = worker;
    }

    @Override
    public Health health() {
        return worker == null ? client() : worker();
    }

    private Health worker() {
        List<String> reasons = new ArrayList<>();
        Map<String, Object> nodes = new LinkedHashMap<>();
        List<WindlassWorker.Node> running = worker.nodes();
        if (running.isEmpty()) {
            reasons.add(worker.isRunning() ? "no consumer runs" : "the worker is not running (not started or stopped)");
        }
        for (WindlassWorker.Node n : running) {
            List<String> own = new ArrayList<>();
            if (n.consumer().isShutdown()) {
                own.add("the node is draining (shutting down)");
            }
            if (!n.coordinator().isLeaseValid()) {
                own.add("the node's lease is not live");
            } else if (!n.coordinator().isRegistered()) {
                own.add("the node's registration is not on its lease yet (claims refused)");
            }
            if (!n.coordinator().isWatchSynced()) {
                own.add("the node's watch is not synced (re-listing)");
            }
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("nodeId", n.nodeId());
            d.put("ownedTasks", n.consumer().ownedTasks().size());
            d.put("frozen", n.consumer().isFrozen());
            d.put("reasons", own);
            nodes.put(n.label(), d);
            own.forEach(r -> reasons.add(n.label() + ": " + r));
        }
        Health.Builder b = reasons.isEmpty() ? Health.up() : Health.down();
        return b.withDetail("mode", "worker").withDetail("nodes", nodes).withDetail("reasons", reasons).build();
    }

    private Health client() {
        List<String> reasons = new ArrayList<>();
        for (String label : connections.namespaces()) {
            String namespace = label.substring(0, label.indexOf('@'));
            String endpoint = label.substring(label.indexOf('@') + 1);
            EtcdTaskClient c = connections.client(namespace, endpoint).orElseThrow();
            try {
                c.nodes();
            } catch (RuntimeException e) {
                reasons.add(label + ": " + e.getMessage());
            }
        }
        Health.Builder b = reasons.isEmpty() ? Health.up() : Health.down();
        return b.withDetail("mode", "client").withDetail("namespaces", connections.namespaces())
                .withDetail("reasons", reasons).build();
    }
}
