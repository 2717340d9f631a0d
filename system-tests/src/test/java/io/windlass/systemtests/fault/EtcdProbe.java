package io.windlass.systemtests.fault;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.options.GetOption;
import io.windlass.etcd.EtcdClients;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads a namespace straight from etcd with plain jetcd — independent of the code under test — for the checkers.
 * Every call has a 10 s deadline and retries briefly while etcd is unavailable (e.g. right after a leader change).
 * Thread-safe (jetcd's KV client is).
 */
final class EtcdProbe implements AutoCloseable {
    private static final long TIMEOUT_SECONDS = 10;

    private final Client client;
    private final String root;

    EtcdProbe(List<String> endpoints, String namespace) {
        this(EtcdClients.connect(endpoints.toArray(String[]::new)), namespace);
    }

    /** On a client the caller built (e.g. over mutual TLS as etcd's root); {@link #close} closes it. */
    EtcdProbe(Client client, String namespace) {
        this.client = client;
        this.root = "/" + namespace + "/";
    }

    Client client() {
        return client;
    }

    /** {@code /<ns>/<kind>/<id>}. */
    String key(String kind, String id) {
        return root + kind + "/" + id;
    }

    /** Every key and value under {@code /<ns>/<kind>/}, sorted by key. */
    List<KeyValue> list(String kind) {
        return call(() -> client.getKVClient().get(bytes(root + kind + "/"),
                GetOption.builder().isPrefix(true).build())).getKvs();
    }

    /** Every key under the namespace. */
    List<KeyValue> all() {
        return call(() -> client.getKVClient().get(bytes(root), GetOption.builder().isPrefix(true).build())).getKvs();
    }

    Optional<KeyValue> get(String key) {
        List<KeyValue> kvs = call(() -> client.getKVClient().get(bytes(key))).getKvs();
        return kvs.isEmpty() ? Optional.empty() : Optional.of(kvs.get(0));
    }

    /** The current revision of the store. */
    long revision() {
        return call(() -> client.getKVClient().get(bytes(root))).getHeader().getRevision();
    }

    static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }

    static String text(ByteSequence b) {
        return b.toString(StandardCharsets.UTF_8);
    }

    private static <T> T call(java.util.function.Supplier<CompletableFuture<T>> op) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                return op.get().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while reading etcd", e);
            } catch (ExecutionException | TimeoutException e) {
                String message = String.valueOf(e.getMessage());
                if (message.contains("compacted") || System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("etcd read failed: " + e, e);
                }
                Await.pause(200); // etcd unavailable (leader change, member restart): retry until the deadline
            }
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
