package io.windlass.embedded;

import io.windlass.consumer.spi.CoordinatorListener;
import io.windlass.consumer.spi.NodeCommand;
import io.windlass.consumer.time.TaskScheduler;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Set;

/**
 * One node session: the {@code nodes/<node>} key on the node's lease plus its pending node commands. Guarded by the
 * {@link Store} lock. A session ends when the node leaves or its lease expires; a node id can then start again with a
 * new session.
 */
final class NodeEntry {
    enum Status {
        /** Reachable: receives events, its calls succeed. */
        LIVE,
        /** Crashed: silent forever; its lease expires after the TTL. */
        KILLED,
        /** Cut off: silent and unreachable until healed; its lease expires after the TTL unless healed sooner. */
        PARTITIONED,
        /** Left (closed) or its lease expired. */
        GONE
    }

    final String id;
    final String host;
    final Instant started;
    /** The task types it advertised handlers for (empty: unknown). */
    final Set<String> handlerTypes;
    final CoordinatorListener listener;
    Status status = Status.LIVE;
    boolean draining;
    /** The lease-expiry timer while KILLED or PARTITIONED, else null. */
    TaskScheduler.Timer expiry;
    final LinkedHashMap<String, NodeCommand> commands = new LinkedHashMap<>();
    /** Claims deleted under it while it was cut off (task id → fence): reported when it can hear again. */
    final LinkedHashMap<String, Long> missedLosses = new LinkedHashMap<>();

    NodeEntry(String id, String host, Instant started, Set<String> handlerTypes, CoordinatorListener listener) {
        this.id = id;
        this.host = host;
        this.started = started;
        this.handlerTypes = Set.copyOf(handlerTypes);
        this.listener = listener;
    }
}
