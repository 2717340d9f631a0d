package io.windlass.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.windlass.consumer.Consumer;
import io.windlass.consumer.spi.NodeInfo;
import io.windlass.consumer.spi.TaskRecord;
import io.windlass.etcd.EtcdCoordinator;
import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.StateCode;
import io.windlass.statemachine.WindlassException;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Nodes, node commands, task counts (from {@link StateCounts}, no scan) and {@code /info} of the node running in this
 * process. Stateless apart from the shared counts; thread-safe.
 */
final class NodeRoutes {
    private final ServerConfig config;
    private final StateCounts counts;

    NodeRoutes(ServerConfig config, StateCounts counts) {
        this.config = config;
        this.counts = counts;
    }

    List<Route> routes() {
        return List.of(
                Route.get("/api/v1/nodes", "/api/v1/nodes", this::nodes),
                Route.write("POST", "/api/v1/nodes/([^/]+)/commands", "/api/v1/nodes/{id}/commands",
                        this::nodeCommand),
                Route.get("/api/v1/counts", "/api/v1/counts", this::counts),
                Route.get("/info", "/info", this::info));
    }

    private Reply nodes(Call call) {
        ObjectNode n = Json.object();
        ArrayNode nodes = n.putArray("nodes");
        Consumer self = config.consumer();
        for (NodeInfo i : config.client().nodes()) {
            ObjectNode node = JsonViews.node(i);
            boolean local = self != null && self.nodeId().equals(i.nodeId());
            node.put("self", local);
            if (local) {
                node.put("frozen", self.isFrozen());
                Long left = leaseMillisLeft();
                node.put("leaseTtlLeftMs", left);
            } else {
                node.putNull("frozen");
                node.putNull("leaseTtlLeftMs");
            }
            nodes.add(node);
        }
        return Reply.ok(n);
    }

    private Reply nodeCommand(Call call) throws IOException {
        String node = TaskRecord.requireValidId(call.param(0));
        ObjectNode body = call.body();
        String kind = Json.required(body, "kind").toLowerCase(Locale.ROOT);
        String taskId = Json.text(body, "taskId");
        String id = config.client().nodeCommand(node, kind, taskId);
        ObjectNode n = Json.object().put("node", node).put("kind", kind).put("commandId", id);
        if (taskId != null) {
            n.put("taskId", taskId);
        }
        return Reply.json(202, n);
    }

    private Reply counts(Call call) {
        StateCounts.Snapshot s = counts.snapshot();
        if (!s.synced()) {
            throw new WindlassException(ErrorCode.UNAVAILABLE, s.problem());
        }
        ObjectNode n = Json.object().put("total", s.total());
        ObjectNode by = n.putObject("byState");
        for (StateCode c : StateCode.values()) {
            by.put(c.name(), s.byState().get(c));
        }
        return Reply.ok(n);
    }

    private Reply info(Call call) {
        Consumer c = config.consumer();
        if (c == null) {
            throw new ApiError(404, "NOT_FOUND", "no consumer runs in this process (serve mode): no /info");
        }
        ObjectNode n = Json.object().put("node", c.nodeId()).put("frozen", c.isFrozen())
                .put("draining", c.isShutdown());
        EtcdCoordinator coordinator = config.coordinator();
        if (coordinator != null) {
            n.put("leaseValid", coordinator.isLeaseValid());
            n.put("leaseTtlLeftMs", leaseMillisLeft());
        }
        ArrayNode tasks = n.putArray("tasks");
        for (String id : new TreeSet<>(c.ownedTasks())) {
            ObjectNode t = tasks.addObject().put("id", id);
            counts.entry(id).ifPresentOrElse(
                    e -> t.put("state", e.code().name()).put("since", e.updated().toString()),
                    () -> t.putNull("state").putNull("since"));
        }
        n.put("ownedCount", tasks.size());
        return Reply.ok(n);
    }

    /** Milliseconds until the local lease's deadline, 0 when passed; null without an etcd coordinator. */
    private Long leaseMillisLeft() {
        EtcdCoordinator coordinator = config.coordinator();
        if (coordinator == null) {
            return null;
        }
        long left = coordinator.leaseValidUntilNanos() - System.nanoTime();
        return Math.max(0, left / 1_000_000);
    }
}
