package io.windlass.consumer.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * A live node as registered with the coordinator.
 *
 * @param claims   how many tasks it holds
 * @param draining true while it shuts down (balancers do not count it)
 */
public record NodeInfo(String nodeId, String host, Instant started, int claims, boolean draining) {
    public NodeInfo {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(started, "started");
    }
}
