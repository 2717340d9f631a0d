package io.windlass.testing.etcd;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.options.GetOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/** Test helpers around jetcd: every call waits with a timeout. */
final class Jetcd {
    static final Duration CALL = Duration.ofSeconds(10);

    private Jetcd() {}

    static Client client(List<String> endpoints) {
        return Client.builder().endpoints(endpoints.toArray(String[]::new)).build();
    }

    static ByteSequence bytes(String text) {
        return ByteSequence.from(text, UTF_8);
    }

    static <T> T await(CompletableFuture<T> future, Duration timeout) throws Exception {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } catch (TimeoutException e) {
            future.cancel(true);
            throw e;
        }
    }

    /** Puts and returns the revision of the put. */
    static long put(Client client, String key, String value, Duration timeout) throws Exception {
        return await(client.getKVClient().put(bytes(key), bytes(value)), timeout).getHeader().getRevision();
    }

    static Optional<String> get(Client client, String key, Duration timeout) throws Exception {
        List<KeyValue> kvs = await(client.getKVClient().get(bytes(key)), timeout).getKvs();
        return kvs.stream().findFirst().map(kv -> kv.getValue().toString(UTF_8));
    }

    static Optional<String> getAt(Client client, String key, long revision, Duration timeout) throws Exception {
        GetOption option = GetOption.builder().withRevision(revision).build();
        List<KeyValue> kvs = await(client.getKVClient().get(bytes(key), option), timeout).getKvs();
        return kvs.stream().findFirst().map(kv -> kv.getValue().toString(UTF_8));
    }

    /** Polls {@code condition} (an observable fact) every 20 ms until true; fails after {@code timeout}. */
    static void awaitTrue(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within " + timeout + ": " + what);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }

    /** Retries {@code action} until it succeeds (e.g. writes during a leader election); fails after {@code timeout}. */
    static <T> T retry(Duration timeout, Attempt<T> action) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                return action.run();
            } catch (Exception e) {
                if (System.nanoTime() - deadline > 0) {
                    throw e;
                }
                java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
            }
        }
    }

    /** One attempt of {@link #retry}. */
    interface Attempt<T> {
        T run() throws Exception;
    }
}
