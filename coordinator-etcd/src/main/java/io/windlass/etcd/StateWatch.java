package io.windlass.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.common.exception.CompactedException;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import io.etcd.jetcd.watch.WatchResponse;
import io.windlass.consumer.client.StateChange;
import io.windlass.consumer.client.Subscription;
import io.windlass.consumer.spi.StoredState;
import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.WindlassException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * {@link io.windlass.consumer.client.TaskClient#watchStates} on etcd: a watch on {@code /<ns>/state/} (with the
 * previous values) from the revision after a count-only read, each event decoded into a {@link StateChange}. jetcd's
 * watch thread calls the sink, one response at a time in revision order. A broken watch is reported once. {@link
 * #resume} watches from a given revision instead (a reconnecting reader).
 */
final class StateWatch {
    private final Client client;
    private final Keys keys;
    private final Values values;
    private final EtcdCalls calls;

    StateWatch(Client client, Keys keys, Values values, EtcdCalls calls) {
        this.client = client;
        this.keys = keys;
        this.values = values;
        this.calls = calls;
    }

    Subscription start(Consumer<StateChange> sink, Consumer<WindlassException> failed) {
        ByteSequence prefix = keys.prefix(Keys.STATE);
        long revision = calls.await(client.getKVClient().get(prefix,
                GetOption.builder().isPrefix(true).withCountOnly(true).build()), "start of the state watch")
                .getHeader().getRevision();
        return watch(revision, sink, failed);
    }

    /**
     * The watch from {@code after + 1}; INVALID_ARGUMENT if etcd compacted {@code after} or has not reached it (checked
     * with a count-only read at that revision before watching, so the refusal is synchronous).
     */
    Subscription resume(long after, Consumer<StateChange> sink, Consumer<WindlassException> failed) {
        if (after < 1) {
            throw new WindlassException(ErrorCode.INVALID_ARGUMENT, "revision must be at least 1, was " + after);
        }
        ByteSequence prefix = keys.prefix(Keys.STATE);
        try {
            calls.await(client.getKVClient().get(prefix, GetOption.builder().isPrefix(true).withCountOnly(true)
                    .withRevision(after).build()), "resume of the state watch");
        } catch (WindlassException e) {
            if (outOfRange(e)) {
                throw new WindlassException(ErrorCode.INVALID_ARGUMENT, "cannot resume the state watch after revision "
                        + after + ": etcd compacted it or has not reached it", e);
            }
            throw e;
        }
        return watch(after, sink, failed);
    }

    private Subscription watch(long revision, Consumer<StateChange> sink, Consumer<WindlassException> failed) {
        ByteSequence prefix = keys.prefix(Keys.STATE);
        AtomicBoolean broken = new AtomicBoolean();
        Watch.Watcher watcher = client.getWatchClient().watch(prefix,
                WatchOption.builder().isPrefix(true).withPrevKV(true).withRevision(revision + 1).build(),
                Watch.listener(r -> deliver(r, prefix.size(), sink), e -> {
                    if (broken.compareAndSet(false, true)) {
                        failed.accept(new WindlassException(ErrorCode.UNAVAILABLE,
                                "the state watch broke: " + e.getMessage(), e));
                    }
                }));
        return watcher::close;
    }

    private static boolean outOfRange(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage());
            if (t instanceof CompactedException || m.contains("compacted") || m.contains("future revision")) {
                return true;
            }
        }
        return false;
    }

    private void deliver(WatchResponse r, int skip, Consumer<StateChange> sink) {
        for (WatchEvent e : r.getEvents()) {
            KeyValue kv = e.getKeyValue();
            String key = Keys.string(kv.getKey());
            String id = key.substring(Math.min(skip, key.length()));
            if (id.isEmpty() || id.contains("/")) {
                continue;
            }
            KeyValue prev = e.getPrevKV();
            StoredState before = prev == null || prev.getVersion() == 0 ? null
                    : decodeOrNull(prev.getValue().getBytes(), prev.getModRevision());
            StoredState after = e.getEventType() == WatchEvent.EventType.DELETE ? null
                    : decodeOrNull(kv.getValue().getBytes(), kv.getModRevision());
            sink.accept(new StateChange(id, before, after, kv.getModRevision()));
        }
    }

    private StoredState decodeOrNull(byte[] raw, long revision) {
        try {
            return values.decodeState(raw, revision);
        } catch (RuntimeException undecodable) {
            return null;
        }
    }
}
