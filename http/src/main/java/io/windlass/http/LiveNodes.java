package io.windlass.http;

import io.windlass.consumer.client.TaskClient;
import io.windlass.consumer.spi.NodeInfo;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * The live nodes as read at most once per {@code maxAge}: the task endpoints' "no live node handles this type" note
 * needs the node list for every list and show, and one more etcd read per request would double a page's round trips.
 * A note up to {@code maxAge} old is good enough for a hint (the node list itself, {@code /api/v1/nodes}, is always read
 * fresh). A failed read is not cached: it throws to the request that made it, the next request tries again.
 *
 * <p>Threads: any; concurrent callers after expiry may each read once (no lock; the newest read wins).
 */
final class LiveNodes {
    private record Read(List<NodeInfo> nodes, long atNanos) {
    }

    private final TaskClient client;
    private final long maxAgeNanos;
    private final LongSupplier nanoTime;
    private final AtomicReference<Read> last = new AtomicReference<>();

    LiveNodes(TaskClient client, Duration maxAge, LongSupplier nanoTime) {
        this.client = Objects.requireNonNull(client, "client");
        this.maxAgeNanos = maxAge.toNanos();
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    }

    /** The node list, read now if the cached one is older than {@code maxAge} (or none was read yet). */
    List<NodeInfo> get() {
        long now = nanoTime.getAsLong();
        Read r = last.get();
        if (r != null && now - r.atNanos() < maxAgeNanos) {
            return r.nodes();
        }
        List<NodeInfo> fresh = List.copyOf(client.nodes());
        last.set(new Read(fresh, now));
        return fresh;
    }
}
