package io.windlass.systemtests.fault;

import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Every stored version of many keys under one prefix, read in ONE pass: a watch of the prefix from revision 1 replays
 * etcd's history (needs it uncompacted; a compacted start fails the read). Walking back one get per version cost
 * ~2.5 ms a version — seconds per ledger in the fault suite. Per key the result is what {@link EtcdProbe#history}
 * returns: the versions since the key was last created, oldest first; empty if it is deleted now.
 */
final class StateHistories {
    private static final long TIMEOUT_SECONDS = 60;

    private StateHistories() {
    }

    /** The histories of {@code keys} (all under {@code prefix}), in the order of {@code keys}. */
    static Map<String, List<KeyValue>> read(EtcdProbe probe, String prefix, Collection<String> keys) {
        // the newest mod revision among the live keys: once its event arrived, every earlier one has (watch order)
        long last = 0;
        for (KeyValue kv : get(probe, prefix)) {
            last = Math.max(last, kv.getModRevision());
        }
        Map<String, List<KeyValue>> all = new HashMap<>();
        CompletableFuture<Void> done = new CompletableFuture<>();
        long through = last;
        if (through == 0) {
            done.complete(null);
        }
        Watch.Listener listener = Watch.listener(response -> {
            synchronized (all) {
                for (WatchEvent e : response.getEvents()) {
                    KeyValue kv = e.getKeyValue();
                    String key = EtcdProbe.text(kv.getKey());
                    List<KeyValue> versions = all.computeIfAbsent(key, k -> new ArrayList<>());
                    if (e.getEventType() == WatchEvent.EventType.DELETE || kv.getVersion() == 1) {
                        versions.clear(); // a delete ends an incarnation; version 1 starts the next one
                    }
                    if (e.getEventType() == WatchEvent.EventType.PUT) {
                        versions.add(kv);
                    }
                    if (kv.getModRevision() >= through) {
                        done.complete(null);
                    }
                }
            }
        }, done::completeExceptionally);
        WatchOption option = WatchOption.builder().isPrefix(true).withRevision(1).build();
        try (Watch.Watcher watcher = probe.client().getWatchClient().watch(EtcdProbe.bytes(prefix), option, listener)) {
            done.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the history of " + prefix, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the history of " + prefix + " could not be read: " + e, e);
        }
        Map<String, List<KeyValue>> out = new LinkedHashMap<>();
        synchronized (all) {
            for (String key : keys) {
                out.put(key, List.copyOf(all.getOrDefault(key, List.of())));
            }
        }
        return out;
    }

    private static List<KeyValue> get(EtcdProbe probe, String prefix) {
        try {
            return probe.client().getKVClient().get(EtcdProbe.bytes(prefix), GetOption.builder().isPrefix(true)
                    .withKeysOnly(true).build()).get(TIMEOUT_SECONDS, TimeUnit.SECONDS).getKvs();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading " + prefix, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("etcd read of " + prefix + " failed: " + e, e);
        }
    }
}
