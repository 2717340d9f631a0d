package io.windlass.etcd;

import io.etcd.jetcd.KV;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.common.exception.CompactedException;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.options.GetOption;
import io.windlass.consumer.spi.Failures;
import io.windlass.statemachine.WindlassException;
import io.windlass.statemachine.codec.DecodeException;
import java.util.ArrayList;
import java.util.List;

/**
 * Walks a task's state key back through etcd's MVCC history: read the key now, then at (mod revision - 1), and so on,
 * until its first version, {@code max} entries, or a revision removed by compaction (reported, not hidden).
 */
final class HistoryReader {
    private final KV kv;
    private final Keys keys;
    private final Values values;
    private final EtcdCalls calls;

    HistoryReader(KV kv, Keys keys, Values values, EtcdCalls calls) {
        this.kv = kv;
        this.keys = keys;
        this.values = values;
        this.calls = calls;
    }

    TaskHistory read(String id, int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be >= 1");
        }
        List<TaskHistory.Entry> entries = new ArrayList<>();
        KeyValue current = first(calls.await(kv.get(keys.state(id)), "history " + id));
        long compactedAt = 0;
        while (current != null) {
            entries.add(entry(current));
            if (entries.size() >= max || current.getVersion() <= 1) {
                break;
            }
            long before = current.getModRevision() - 1;
            try {
                current = first(calls.await(kv.get(keys.state(id), GetOption.builder().withRevision(before).build()),
                        "history " + id + " at revision " + before));
            } catch (WindlassException e) {
                if (!compacted(e)) {
                    throw e;
                }
                Throwable cause = Failures.unwrap(e.getCause() == null ? e : e.getCause());
                compactedAt = cause instanceof CompactedException c && c.getCompactedRevision() > 0
                        ? c.getCompactedRevision() : before;
                current = null;
            }
        }
        return new TaskHistory(id, entries, compactedAt);
    }

    private TaskHistory.Entry entry(KeyValue kv) {
        try {
            return new TaskHistory.Entry(kv.getModRevision(),
                    values.decodeState(kv.getValue().getBytes(), kv.getModRevision()), null);
        } catch (DecodeException e) {
            return new TaskHistory.Entry(kv.getModRevision(), null, e.getMessage());
        }
    }

    private static KeyValue first(GetResponse r) {
        return r.getKvs().isEmpty() ? null : r.getKvs().get(0);
    }

    private static boolean compacted(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CompactedException || String.valueOf(t.getMessage()).contains("compacted")) {
                return true;
            }
        }
        return false;
    }
}
