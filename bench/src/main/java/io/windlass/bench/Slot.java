package io.windlass.bench;

import io.windlass.consumer.spi.StoredState;
import java.util.concurrent.ScheduledFuture;

/**
 * One claimed task on a {@link BenchNode}: its fence, last stored state and whether a write is outstanding. Touched
 * only on its node's mailbox thread.
 */
final class Slot {
    final String id;
    final long fence;
    final long claimedNanos;
    StoredState stored;
    boolean writing;
    int commits;
    ScheduledFuture<?> timer;

    Slot(String id, long fence, StoredState stored, long claimedNanos) {
        this.id = id;
        this.fence = fence;
        this.stored = stored;
        this.claimedNanos = claimedNanos;
    }

    /** The number at the end of a bench task id ({@code t-42} → 42), or -1. */
    int index() {
        int dash = id.lastIndexOf('-');
        try {
            return Integer.parseInt(id.substring(dash + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
