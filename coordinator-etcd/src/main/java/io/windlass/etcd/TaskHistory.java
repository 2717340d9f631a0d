package io.windlass.etcd;

import io.windlass.consumer.spi.StoredState;
import java.util.List;
import java.util.Objects;

/**
 * A task's stored states, newest first, read back from etcd's MVCC history of the state key.
 *
 * @param taskId      the task
 * @param entries     the versions still in etcd's history, newest first
 * @param compactedAt 0 when the history is complete back to the task's submission; otherwise the compaction revision
 *                    that removed the older versions (what etcd compaction dropped is not recoverable)
 */
public record TaskHistory(String taskId, List<Entry> entries, long compactedAt) {
    public TaskHistory {
        Objects.requireNonNull(taskId, "taskId");
        entries = List.copyOf(entries);
    }

    /** True when older versions were removed by etcd compaction. */
    public boolean truncated() {
        return compactedAt > 0;
    }

    /**
     * One stored version.
     *
     * @param revision    the etcd revision that wrote it
     * @param state       the decoded state, or null when the stored bytes were undecodable
     * @param undecodable why the bytes could not be decoded, or null
     */
    public record Entry(long revision, StoredState state, String undecodable) {
    }
}
