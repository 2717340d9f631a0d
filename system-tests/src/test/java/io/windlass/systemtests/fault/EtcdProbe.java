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
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

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
        try {
            return attempt(op, deadline).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading etcd", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("etcd read failed: " + e.getCause(), e.getCause());
        }
    }

    /**
     * One try (10 s deadline); on a failure (etcd unavailable: leader change, member restart) another after 200 ms,
     * until the deadline. A compacted revision fails at once.
     */
    private static <T> CompletableFuture<T> attempt(java.util.function.Supplier<CompletableFuture<T>> op,
                                                    long deadline) {
        return op.get().orTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS).exceptionallyCompose(t -> {
            Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
            if (String.valueOf(cause).contains("compacted") || System.nanoTime() - deadline > 0) {
                return CompletableFuture.failedFuture(cause);
            }
            return CompletableFuture.supplyAsync(() -> null, CompletableFuture.delayedExecutor(200,
                    TimeUnit.MILLISECONDS)).thenCompose(v -> attempt(op, deadline));
        });
    }

    @Override
    public void close() {
        client.close();
    }
}
