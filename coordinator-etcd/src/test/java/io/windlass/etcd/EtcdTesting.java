package io.windlass.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.windlass.consumer.spi.Claim;
import io.windlass.consumer.spi.ClaimResult;
import io.windlass.testing.contract.RecordingListener;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Settings and helpers shared by the etcd integration tests: nodes, namespaces, raw keys, polling waits. */
final class EtcdTesting implements AutoCloseable {
    private static final AtomicInteger NAMESPACES = new AtomicInteger();
    static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final Client jetcd;
    private final List<AutoCloseable> opened = new ArrayList<>();

    EtcdTesting(Client jetcd) {
        this.jetcd = jetcd;
    }

    /** Short TTL (etcd may raise it) and timeouts so failure paths are quick; default batching. */
    static EtcdCoordinatorSettings settings() {
        return EtcdCoordinatorSettings.defaults().withLeaseTtl(Duration.ofSeconds(3))
                .withRequestTimeout(Duration.ofSeconds(5)).withWatchSilence(Duration.ofSeconds(5));
    }

    /**
     * The first requests of a fresh JVM take seconds (class loading, channel set-up; slower on a loaded machine):
     * pay for them here, with a generous bound, so that tests can use short request timeouts.
     */
    static Client warm(Client client) {
        try {
            client.getKVClient().get(bytes("/warm-up")).get(30, TimeUnit.SECONDS);
            long lease = client.getLeaseClient().grant(5).get(30, TimeUnit.SECONDS).getID();
            client.getLeaseClient().keepAliveOnce(lease).get(30, TimeUnit.SECONDS);
            client.getLeaseClient().revoke(lease).get(30, TimeUnit.SECONDS);
            client.getKVClient().txn().commit().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("etcd did not answer the warm-up requests", e);
        }
        return client;
    }

    static String freshNamespace(String prefix) {
        return prefix + NAMESPACES.incrementAndGet() + "-" + ProcessHandle.current().pid();
    }

    record Node(String id, EtcdCoordinator coordinator, RecordingListener events) {
    }

    Node start(String namespace, String nodeId) {
        return start(namespace, nodeId, settings(), jetcd);
    }

    Node start(String namespace, String nodeId, EtcdCoordinatorSettings settings, Client client) {
        EtcdCoordinator c = EtcdCoordinator.create(client, namespace, settings);
        RecordingListener events = new RecordingListener();
        c.start(nodeId, events);
        opened.add(c);
        return new Node(nodeId, c, events);
    }

    EtcdTaskClient client(String namespace) {
        EtcdTaskClient c = EtcdTaskClient.create(jetcd, namespace, settings());
        opened.add(c);
        return c;
    }

    static com.fasterxml.jackson.databind.JsonNode props(String name) {
        return JsonNodeFactory.instance.objectNode().put("name", name);
    }

    static <T> T await(CompletableFuture<T> f) {
        try {
            return f.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("future failed or timed out", e);
        }
    }

    static Claim claim(Node node, String taskId) {
        ClaimResult r = await(node.coordinator().claim(taskId));
        assertThat(r).as("%s claims %s", node.id(), taskId).isInstanceOf(ClaimResult.Claimed.class);
        return ((ClaimResult.Claimed) r).claim();
    }

    static void awaitUntil(String what, BooleanSupplier condition) {
        awaitUntil(what, TIMEOUT, condition);
    }

    static void awaitUntil(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("timed out after " + timeout + " waiting for " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    void put(String key, String value) {
        await(jetcd.getKVClient().put(bytes(key), bytes(value)));
    }

    void put(ByteSequence key, byte[] value) {
        await(jetcd.getKVClient().put(key, ByteSequence.from(value)));
    }

    void delete(ByteSequence key) {
        await(jetcd.getKVClient().delete(key));
    }

    KeyValue get(ByteSequence key) {
        List<KeyValue> kvs = await(jetcd.getKVClient().get(key)).getKvs();
        return kvs.isEmpty() ? null : kvs.get(0);
    }

    static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        for (int i = opened.size() - 1; i >= 0; i--) {
            try {
                opened.get(i).close();
            } catch (Exception e) {
                // best effort
            }
        }
        opened.clear();
    }
}
