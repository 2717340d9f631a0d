package io.windlass.examples.cli;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import io.etcd.jetcd.watch.WatchResponse;
import io.windlass.consumer.client.TaskClient;
import io.windlass.consumer.spi.StoredState;
import io.windlass.etcd.EtcdClients;
import io.windlass.etcd.EtcdCoordinatorSettings;
import io.windlass.etcd.EtcdTaskClient;
import io.windlass.etcd.TaskHistory;
import io.windlass.examples.support.EtcdEndpoints;
import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.WindlassException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A {@link Connection} to etcd: the {@link EtcdTaskClient} of the namespace, its history reader, and a jetcd watch on
 * the namespace's state keys ({@code /<ns>/state/<id>}, see docs/etcd-layout.md) decoded with
 * {@link StateValues}. Every call is bounded by the timeout; an unreachable etcd is UNAVAILABLE naming the endpoint.
 */
final class EtcdConnection implements Connection {
    private static final int MAX_HISTORY = 10_000;

    private final Client jetcd;
    private final EtcdTaskClient client;
    private final String endpoint;
    private final String namespace;
    private final Duration timeout;

    private EtcdConnection(Client jetcd, EtcdTaskClient client, String endpoint, String namespace, Duration timeout) {
        this.jetcd = jetcd;
        this.client = client;
        this.endpoint = endpoint;
        this.namespace = namespace;
        this.timeout = timeout;
    }

    /** Opens a connection (lazily: nothing is sent until the first call). */
    static Connection open(String endpoint, String namespace, Duration timeout) {
        String[] endpoints = EtcdEndpoints.parse(endpoint);
        Client jetcd = EtcdClients.builder(endpoints).connectTimeout(timeout).build();
        try {
            EtcdTaskClient client = EtcdTaskClient.create(jetcd, namespace,
                    EtcdCoordinatorSettings.defaults().withRequestTimeout(timeout).withEndpoint(endpoint));
            return new EtcdConnection(jetcd, client, endpoint, namespace, timeout);
        } catch (IllegalArgumentException e) {
            jetcd.close();
            throw new WindlassException(ErrorCode.INVALID_ARGUMENT, e.getMessage());
        }
    }

    @Override
    public TaskClient client() {
        return client;
    }

    @Override
    public History history(String taskId) {
        TaskHistory h = client.history(taskId, MAX_HISTORY);
        if (h.entries().isEmpty()) {
            throw new WindlassException(ErrorCode.TASK_NOT_FOUND, "task " + taskId + " does not exist");
        }
        List<History.Entry> entries = new ArrayList<>();
        for (TaskHistory.Entry e : h.entries()) {
            entries.add(new History.Entry(e.revision(), e.state(), e.undecodable()));
        }
        Collections.reverse(entries);
        return new History(taskId, entries, h.truncated());
    }

    @Override
    public AutoCloseable watch(Consumer<StateChange> sink, Consumer<WindlassException> failed) {
        ByteSequence prefix = ByteSequence.from("/" + namespace + "/state/", StandardCharsets.UTF_8);
        long revision = currentRevision(prefix);
        AtomicBoolean broken = new AtomicBoolean();
        Watch.Watcher watcher = jetcd.getWatchClient().watch(prefix,
                WatchOption.builder().isPrefix(true).withPrevKV(true).withRevision(revision + 1).build(),
                Watch.listener(r -> deliver(r, prefix, sink), e -> {
                    if (broken.compareAndSet(false, true)) {
                        failed.accept(new WindlassException(ErrorCode.UNAVAILABLE,
                                "watch on etcd at " + endpoint + " broke: " + e.getMessage(), e));
                    }
                }));
        return watcher::close;
    }

    private long currentRevision(ByteSequence prefix) {
        try {
            return jetcd.getKVClient().get(prefix, GetOption.builder().isPrefix(true).withCountOnly(true).build())
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS).getHeader().getRevision();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WindlassException(ErrorCode.INTERRUPTED, "interrupted while starting the watch", e);
        } catch (TimeoutException e) {
            throw new WindlassException(ErrorCode.UNAVAILABLE,
                    "etcd at " + endpoint + " did not answer within " + timeout.toMillis() + " ms", e);
        } catch (ExecutionException e) {
            throw new WindlassException(ErrorCode.UNAVAILABLE,
                    "etcd at " + endpoint + " failed: " + e.getCause().getMessage(), e.getCause());
        }
    }

    private static void deliver(WatchResponse r, ByteSequence prefix, Consumer<StateChange> sink) {
        int skip = prefix.size();
        for (WatchEvent e : r.getEvents()) {
            KeyValue kv = e.getKeyValue();
            String key = kv.getKey().toString(StandardCharsets.UTF_8);
            String id = key.substring(Math.min(skip, key.length()));
            if (id.isEmpty() || id.contains("/")) {
                continue;
            }
            StoredState before = e.getPrevKV() == null || e.getPrevKV().getVersion() == 0 ? null
                    : StateValues.decodeOrNull(e.getPrevKV().getValue().getBytes(), e.getPrevKV().getModRevision());
            StoredState after = e.getEventType() == WatchEvent.EventType.DELETE ? null
                    : StateValues.decodeOrNull(kv.getValue().getBytes(), kv.getModRevision());
            sink.accept(new StateChange(id, before, after, kv.getModRevision()));
        }
    }

    @Override
    public void close() {
        try {
            client.close();
        } finally {
            jetcd.close();
        }
    }
}
