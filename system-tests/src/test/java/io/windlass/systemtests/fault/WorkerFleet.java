package io.windlass.systemtests.fault;

import io.windlass.launcher.WorkerProcess;
import io.windlass.launcher.FaultProxy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The worker processes of one test ({@code @RegisterExtension final WorkerFleet workers = new WorkerFleet();}):
 * starts them against one etcd endpoint and namespace, and SIGKILLs every one still running after the test, also
 * when it failed (a JVM shutdown hook covers an aborted test JVM). Keeps every worker ever started for the log checks.
 * Also owns what the test opened through it — the {@link Cluster} of {@link #open} and the proxies of
 * {@link #proxyTo} — and closes them after the test: proxies first, then clusters, then the workers. Called from the
 * test thread only.
 */
final class WorkerFleet implements AfterEachCallback, AutoCloseable {
    /** Small, quick-starting worker JVMs (the fault suite runs several on 2 cores). */
    private static final List<String> WORKER_JVM = List.of("-Xmx192m", "-Xss512k", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1", "-Xshare:auto",
            "-Dorg.slf4j.simpleLogger.dateTimeFormat=yyyy-MM-dd'T'HH:mm:ss.SSSXXX",
            "-Dorg.slf4j.simpleLogger.log.io.windlass.etcd=info");
    private static final List<WorkerProcess> ALL = new ArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            synchronized (ALL) {
                ALL.forEach(WorkerProcess::close);
            }
        }, "worker-fleet-cleanup"));
    }

    private final Map<String, List<WorkerProcess>> byNode = new LinkedHashMap<>();
    private final List<FaultProxy> proxies = new ArrayList<>();
    private final List<Cluster> clusters = new ArrayList<>();
    private Path logDir;
    private String etcd;
    private String namespace;
    private Duration leaseTtl;
    private List<String> extra = List.of();

    /**
     * Opens the test's {@link Cluster} (task client and probe) on namespace {@code ns} of the etcd at
     * {@code endpoints}, and {@link #configure configures} the workers for the same namespace and endpoints.
     */
    Cluster open(List<String> endpoints, String ns, Duration ttl, String... extraOptions) {
        Cluster cluster = new Cluster(endpoints, ns);
        clusters.add(cluster);
        configure(String.join(",", endpoints), ns, ttl, extraOptions);
        return cluster;
    }

    /**
     * Like {@link #open(List, String, Duration, String...)} on a {@link Cluster} the test built (e.g.
     * {@link SecureEtcd#adminCluster}); every worker gets {@code securityFlags} ({@code --cacert --cert --key --user
     * --password-file}, see {@link SecureEtcd#workerFlags}) before {@code extraOptions}.
     */
    Cluster open(Cluster cluster, List<String> endpoints, Duration ttl, List<String> securityFlags,
                 String... extraOptions) {
        clusters.add(cluster);
        List<String> options = new ArrayList<>(securityFlags);
        options.addAll(List.of(extraOptions));
        configure(String.join(",", endpoints), cluster.namespace, ttl, options.toArray(String[]::new));
        return cluster;
    }

    /** Starts a {@link FaultProxy} to {@code endpoint}, for workers to connect through. */
    FaultProxy proxyTo(String endpoint) {
        FaultProxy proxy = FaultProxy.start(endpoint);
        proxies.add(proxy);
        return proxy;
    }

    /** Sets where workers connect; call before {@link #start}. */
    private WorkerFleet configure(String etcdEndpoint, String ns, Duration ttl, String... extraOptions) {
        this.etcd = etcdEndpoint;
        this.namespace = ns;
        this.leaseTtl = ttl;
        this.extra = List.of(extraOptions);
        try {
            this.logDir = Files.createDirectories(Path.of("target", "fault-logs", ns));
            try (var old = Files.list(logDir)) {
                for (Path p : old.toList()) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return this;
    }

    /** Starts worker {@code node} against the configured endpoint. */
    WorkerProcess start(String node) {
        return start(node, etcd);
    }

    /** Starts worker {@code node} against {@code endpoint} (e.g. a fault proxy). */
    WorkerProcess start(String node, String endpoint) {
        return start(node, node, endpoint, Map.of());
    }

    /** Starts worker {@code node} against {@code endpoint} with {@code environment} added (e.g. {@link FakeClock}). */
    WorkerProcess start(String node, String endpoint, Map<String, String> environment) {
        return start(node, node, endpoint, environment);
    }

    /**
     * Starts a process with node id {@code node} (and {@code more} options) kept under {@code label}: a twin of a
     * running node gets its own label, so {@link #get} and {@link #liveNodes} still mean the node's own process.
     */
    WorkerProcess start(String label, String node, String endpoint, String... more) {
        return start(label, node, endpoint, Map.of(), more);
    }

    /** As {@link #start(String, String, String, String...)}, with {@code environment} added to the process's. */
    WorkerProcess start(String label, String node, String endpoint, Map<String, String> environment, String... more) {
        List<String> args = new ArrayList<>(List.of("worker", "--etcd", endpoint, "--namespace", namespace,
                "--node", node, "--lease-ttl", leaseTtl.toSeconds() + "s"));
        args.addAll(extra);
        args.addAll(List.of(more));
        String classPath = WorkerProcess.classPathReplacingJar("windlass-cli.jar");
        WorkerProcess w = WorkerProcess.start(label,
                WorkerProcess.javaCommand(WORKER_JVM, classPath, "io.windlass.cli.WindlassCli", args), logDir,
                environment);
        synchronized (ALL) {
            ALL.add(w);
        }
        byNode.computeIfAbsent(label, k -> new ArrayList<>()).add(w);
        return w;
    }

    /** The configured etcd endpoint(s) of the workers. */
    String etcd() {
        return etcd;
    }

    /** The latest process of {@code node}. */
    WorkerProcess get(String node) {
        List<WorkerProcess> ps = byNode.get(node);
        if (ps == null) {
            throw new IllegalArgumentException("no worker " + node);
        }
        return ps.get(ps.size() - 1);
    }

    /** Nodes with a live process. */
    Set<String> liveNodes() {
        return byNode.entrySet().stream().filter(e -> e.getValue().get(e.getValue().size() - 1).isAlive())
                .map(Map.Entry::getKey).collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    /** Every process ever started in this test. */
    List<WorkerProcess> all() {
        return byNode.values().stream().flatMap(List::stream).toList();
    }

    /** Logs of every process, merged. */
    WorkerLog log() {
        return WorkerLog.merge(all().stream().map(WorkerLog::of).toList());
    }


    /** Stderr tails of every process, for failure messages. */
    String tails(int lines) {
        return all().stream().map(w -> w.tail(lines)).collect(Collectors.joining("\n"));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        close();
    }

    @Override
    public void close() {
        try {
            proxies.forEach(FaultProxy::close);
            clusters.forEach(Cluster::close);
        } finally {
            proxies.clear();
            clusters.clear();
            for (WorkerProcess w : all()) {
                w.close();
            }
        }
    }
}
