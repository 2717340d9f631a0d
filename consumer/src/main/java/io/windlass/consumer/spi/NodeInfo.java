package io.windlass.consumer.spi;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * A live node as registered with the coordinator.
 *
 * @param claims       how many tasks it holds
 * @param draining     true while it shuts down (balancers do not count it)
 * @param handlerTypes the task types it has handlers for, as it advertised them at start; empty when it advertised
 *                     none (an older node, or a coordinator started without them): then unknown, not "none"
 */
public record NodeInfo(String nodeId, String host, Instant started, int claims, boolean draining,
                       Set<String> handlerTypes) {
    public NodeInfo {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(started, "started");
        handlerTypes = Set.copyOf(Objects.requireNonNull(handlerTypes, "handlerTypes"));
    }

    /** A node whose handler types are unknown (it advertised none). */
    public NodeInfo(String nodeId, String host, Instant started, int claims, boolean draining) {
        this(nodeId, host, started, claims, draining, Set.of());
    }
}
