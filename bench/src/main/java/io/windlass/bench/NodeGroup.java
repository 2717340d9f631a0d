package io.windlass.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.options.GetOption;
import io.windlass.etcd.EtcdCoordinator;
import io.windlass.etcd.EtcdCoordinatorSettings;
import io.windlass.etcd.EtcdTaskClient;
import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.WindlassException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * The framework side of a benchmark: bench nodes in one namespace (each on its own jetcd client), task submission
 * through {@link EtcdTaskClient}, and reads of what is stored. Closing it closes every node (gracefully) and client.
 */
final class NodeGroup implements AutoCloseable {
    /** Deadline of every coordinator/client call in benchmarks. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private final EtcdTarget etcd;
    private final String namespace;
    private final EtcdCoordinatorSettings settings;
    private final Progress progress;
    private final List<Node> nodes = new ArrayList<>();
    private final Client admin;

    NodeGroup(EtcdTarget etcd, String namespace, EtcdCoordinatorSettings settings, Progress progress) {
        this.etcd = etcd;
        this.namespace = namespace;
        // generous: benchmarks measure throughput and latency on a loaded 2-core machine, not the request timeout
        this.settings = settings.withEndpoint(etcd.endpoint()).withRequestTimeout(REQUEST_TIMEOUT);
        this.progress = progress;
        this.admin = etcd.connect();
    }

    EtcdCoordinatorSettings settings() {
        return settings;
    }

    /** A node on its own client to {@code endpoint} (the etcd, or a proxy in front of it); not started yet. */
    BenchNode add(String name, String endpoint, Behaviour behaviour, int maxClaims) {
        Client client = io.windlass.etcd.EtcdClients.connect(endpoint);
        BenchNode node = new BenchNode(name, client, EtcdCoordinator.create(client, namespace, settings), behaviour,
                maxClaims);
        nodes.add(node);
        return node;
    }

    BenchNode add(String name, Behaviour behaviour, int maxClaims) {
        return add(name, etcd.endpoint(), behaviour, maxClaims);
    }

    /** A consumer-engine node on its own client to {@code endpoint}; not started yet. */
    EngineNode engine(String name, String endpoint, BenchHandler handler, Tracker tracker) {
        Client client = io.windlass.etcd.EtcdClients.connect(endpoint);
        EngineNode node = new EngineNode(name, client, EtcdCoordinator.create(client, namespace, settings), handler,
                tracker);
        nodes.add(node);
        return node;
    }

    /** A consumer-engine node with {@code handlers}; not started yet. */
    EngineNode engine(String name, io.windlass.statemachine.handler.HandlerRegistry handlers, Tracker tracker) {
        Client client = io.windlass.etcd.EtcdClients.connect(etcd.endpoint());
        EngineNode node = new EngineNode(name, client, EtcdCoordinator.create(client, namespace, settings), handlers,
                tracker);
        nodes.add(node);
        return node;
    }

    /** A consumer-engine node with {@code handlers} and a tuned consumer builder; not started yet. */
    EngineNode engine(String name, io.windlass.statemachine.handler.HandlerRegistry handlers, Tracker tracker,
                      java.util.function.UnaryOperator<io.windlass.consumer.ConsumerBuilder> tune) {
        Client client = io.windlass.etcd.EtcdClients.connect(etcd.endpoint());
        EngineNode node = new EngineNode(name, client, EtcdCoordinator.create(client, namespace, settings), handlers,
                tracker, tune);
        nodes.add(node);
        return node;
    }

    String namespace() {
        return namespace;
    }

    EngineNode engine(String name, BenchHandler handler, Tracker tracker) {
        return engine(name, etcd.endpoint(), handler, tracker);
    }

    /** {@code count} engine nodes named {@code node-0..}, all running {@code handler}. */
    List<Node> engines(int count, BenchHandler handler, Tracker tracker) {
        List<Node> added = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            added.add(engine("node-" + i, handler, tracker));
        }
        return added;
    }

    /** Starts the given nodes at the same moment (one thread each), waiting until all are registered. */
    void startTogether(List<? extends Node> which) {
        ExecutorService starters = Executors.newFixedThreadPool(which.size(), BenchNode.daemon("bench-start"));
        try {
            List<Future<?>> started = new ArrayList<>();
            for (Node node : which) {
                started.add(starters.submit(node::start));
            }
            for (Future<?> f : started) {
                get(f, Duration.ofSeconds(60), "start node");
            }
        } finally {
            starters.shutdownNow();
        }
    }

    /** Submits tasks {@code t-0 .. t-(count-1)} (type {@code bench}, empty props), {@code parallel} at a time. */
    void submit(int count, int parallel) {
        forEachTask(count, parallel, "submitted",
                (tasks, i) -> tasks.submit("t-" + i, BenchHandler.TYPE, JsonNodeFactory.instance.objectNode()));
    }

    /** Runs {@code action(client, i)} for i in [0, count), {@code parallel} at a time, with one task client. */
    void forEachTask(int count, int parallel, String what, java.util.function.ObjIntConsumer<EtcdTaskClient> action) {
        try (EtcdTaskClient tasks = EtcdTaskClient.create(admin, namespace, settings)) {
            ExecutorService pool = Executors.newFixedThreadPool(parallel, BenchNode.daemon("bench-client"));
            AtomicInteger next = new AtomicInteger();
            AtomicInteger done = new AtomicInteger();
            try {
                List<Future<?>> workers = new ArrayList<>();
                for (int w = 0; w < parallel; w++) {
                    workers.add(pool.submit(() -> {
                        int i;
                        while ((i = next.getAndIncrement()) < count) {
                            action.accept(tasks, i);
                            done.incrementAndGet();
                        }
                    }));
                }
                for (Future<?> f : workers) {
                    while (!f.isDone()) {
                        progress.tick(() -> what + " " + done.get() + "/" + count);
                        sleepQuietly(50);
                    }
                    get(f, Duration.ofSeconds(1), what);
                }
            } finally {
                pool.shutdownNow();
                awaitTermination(pool);
            }
        }
    }

    private static void awaitTermination(ExecutorService pool) {
        try {
            pool.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WindlassException(ErrorCode.UNAVAILABLE, "interrupted", e);
        }
    }

    /** Sum over the namespace's state keys of etcd's per-key version (1 at submit, +1 per stored transition). */
    long storedVersions() {
        ByteSequence prefix = ByteSequence.from("/" + namespace + "/state/", StandardCharsets.UTF_8);
        GetOption keysOnly = GetOption.builder().isPrefix(true).withKeysOnly(true).build();
        List<KeyValue> kvs = get(admin.getKVClient().get(prefix, keysOnly), settings.requestTimeout(), "read states")
                .getKvs();
        long sum = 0;
        for (KeyValue kv : kvs) {
            sum += kv.getVersion();
        }
        return sum;
    }

    /** How many claim keys the namespace holds (a count-only read). */
    long storedClaims() {
        ByteSequence prefix = ByteSequence.from("/" + namespace + "/claims/", StandardCharsets.UTF_8);
        GetOption count = GetOption.builder().isPrefix(true).withCountOnly(true).build();
        return get(admin.getKVClient().get(prefix, count), settings.requestTimeout(), "count claims").getCount();
    }

    int totalClaimed() {
        return nodes.stream().mapToInt(Node::claimed).sum();
    }

    long totalCommitted() {
        return nodes.stream().filter(n -> n instanceof BenchNode).mapToLong(n -> ((BenchNode) n).committed()).sum();
    }

    /** Waits until {@code condition} holds (polled every 20 ms), printing {@code what}; false on timeout. */
    boolean await(BooleanSupplier condition, Duration timeout, java.util.function.Supplier<String> what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            progress.tick(what);
            sleepQuietly(20);
        }
        return true;
    }

    @Override
    public void close() {
        for (Node node : nodes) {
            try {
                node.close();
            } catch (RuntimeException e) {
                // best effort: the next node still closes
            }
        }
        admin.close();
    }

    static <T> T get(Future<T> f, Duration timeout, String what) {
        try {
            return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WindlassException(ErrorCode.UNAVAILABLE, what + ": interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof WindlassException we) {
                throw we;
            }
            throw new WindlassException(ErrorCode.UNAVAILABLE, what + " failed: " + cause, cause);
        } catch (TimeoutException e) {
            throw new WindlassException(ErrorCode.UNAVAILABLE, what + " timed out after " + timeout, e);
        }
    }

    /** Pause of the benchmark thread between polls of an observable condition. */
    static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WindlassException(ErrorCode.UNAVAILABLE, "interrupted", e);
        }
    }
}
