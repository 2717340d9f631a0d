package io.windlass.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.windlass.consumer.Consumer;
import io.windlass.etcd.EtcdCoordinator;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code /health/live} (the server's loop answers; no store call), {@code /health/ready} (200 only when the lease is
 * live, the task counts' watch is synced, the last store probe answered and the node is not draining; else 503 with
 * the reasons) and {@code /metrics}. Readiness reads flags only, never waits on the store. Thread-safe.
 */
final class HealthRoutes {
    private final ServerConfig config;
    private final StateCounts counts;
    private final StoreProbe probe;
    private final PrometheusMeterRegistry prometheus;

    HealthRoutes(ServerConfig config, StateCounts counts, StoreProbe probe) {
        this.config = config;
        this.counts = counts;
        this.probe = probe;
        this.prometheus = prometheus(config.registry());
    }

    List<Route> routes() {
        return List.of(
                Route.open("/health/live", "/health/live", call -> Reply.ok(Json.object().put("status", "UP"))),
                Route.open("/health/ready", "/health/ready", call -> ready()),
                Route.get("/metrics", "/metrics", call -> metrics()));
    }

    /** Why this server is not ready; empty when it is. */
    List<String> reasons() {
        List<String> reasons = new ArrayList<>();
        Consumer c = config.consumer();
        if (c != null && c.isShutdown()) {
            reasons.add("the node is draining (shutting down)");
        }
        EtcdCoordinator coordinator = config.coordinator();
        if (coordinator != null && !coordinator.isLeaseValid()) {
            reasons.add("the node's lease is not live");
        }
        String store = probe.problem();
        if (store != null) {
            reasons.add(store);
        }
        StateCounts.Snapshot s = counts.snapshot();
        if (!s.synced() && !counts.unsupported()) {
            reasons.add(s.problem());
        }
        return reasons;
    }

    private Reply ready() {
        List<String> reasons = reasons();
        ObjectNode n = Json.object().put("status", reasons.isEmpty() ? "READY" : "NOT_READY");
        ArrayNode a = n.putArray("reasons");
        reasons.forEach(a::add);
        return Reply.json(reasons.isEmpty() ? 200 : 503, n);
    }

    private Reply metrics() {
        if (prometheus == null) {
            throw new ApiError(404, "NOT_FOUND", "the meters go to the application's own registry, not Prometheus");
        }
        return Reply.text("text/plain; version=0.0.4; charset=utf-8", prometheus.scrape());
    }

    private static PrometheusMeterRegistry prometheus(MeterRegistry r) {
        if (r instanceof PrometheusMeterRegistry p) {
            return p;
        }
        if (r instanceof CompositeMeterRegistry c) {
            for (MeterRegistry inner : c.getRegistries()) {
                if (inner instanceof PrometheusMeterRegistry p) {
                    return p;
                }
            }
        }
        return null;
    }
}
