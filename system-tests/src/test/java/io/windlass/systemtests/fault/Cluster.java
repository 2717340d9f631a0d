package io.windlass.systemtests.fault;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.etcd.jetcd.Client;
import io.windlass.etcd.EtcdClients;
import io.windlass.etcd.EtcdCoordinatorSettings;
import io.windlass.etcd.EtcdTaskClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a fault scenario talks to: a task client and a probe on one namespace, plus helpers to submit counter tasks
 * and wait for observable conditions in etcd. Closed by the test (try-with-resources or @AfterEach).
 */
final class Cluster implements AutoCloseable {
    final String namespace;
    final EtcdProbe probe;
    final EtcdTaskClient client;
    private final Client jetcd;
    /** Submitted task id → the state code it must end in. */
    final Map<String, String> expected = new LinkedHashMap<>();

    Cluster(List<String> endpoints, String namespace) {
        this(EtcdClients.connect(endpoints.toArray(String[]::new)),
                EtcdClients.connect(endpoints.toArray(String[]::new)), namespace);
    }

    /**
     * On clients the test built (e.g. over mutual TLS as etcd's root, {@link SecureEtcd#adminCluster}): one for the
     * probe, one for the task client; {@link #close} closes both.
     */
    Cluster(Client probeClient, Client clientJetcd, String namespace) {
        this.namespace = namespace;
        this.probe = new EtcdProbe(probeClient, namespace);
        this.jetcd = clientJetcd;
        this.client = EtcdTaskClient.create(jetcd, namespace,
                EtcdCoordinatorSettings.defaults().withRequestTimeout(Duration.ofSeconds(10)));
    }

    /** Submits {@code n} counter tasks {@code prefix0..} with {@code steps} and {@code interval}; returns the ids. */
    List<String> submitCounters(String prefix, int n, int steps, String interval) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = prefix + i;
            ObjectNode props = JsonNodeFactory.instance.objectNode().put("steps", steps).put("interval", interval);
            client.submit(id, "counter", props);
            expected.put(id, "COMPLETED");
            ids.add(id);
        }
        return ids;
    }

    /** Task id → owner node of every current claim. */
    Map<String, String> owners() {
        return Completeness.owners(probe);
    }

    /** Waits until node {@code node} owns every task of {@code ids}. */
    void awaitOwnedBy(String node, List<String> ids, Duration timeout, WorkerFleet fleet) {
        Await.until(node + " owns all " + ids.size() + " tasks", timeout, () -> {
            Map<String, String> o = owners();
            return ids.stream().allMatch(id -> node.equals(o.get(id)));
        }, () -> "owners=" + owners().values().stream().distinct().toList() + "\n" + fleet.tails(15));
    }

    /** Waits until every task of {@code ids} has a stored state code in {@code codes}. */
    void awaitCodes(List<String> ids, Set<String> codes, Duration timeout, WorkerFleet fleet) {
        Await.until("all " + ids.size() + " tasks in " + codes, timeout,
                () -> ids.stream().allMatch(id -> codes.contains(code(id))),
                () -> "not yet: " + ids.stream().filter(id -> !codes.contains(code(id))).limit(10)
                        .map(id -> id + "=" + code(id)).toList() + "\n" + fleet.tails(15));
    }

    /** Waits until every task of {@code ids} has done at least {@code steps} steps. */
    void awaitSteps(List<String> ids, long steps, Duration timeout, WorkerFleet fleet) {
        Await.until("all tasks have >= " + steps + " steps", timeout,
                () -> ids.stream().allMatch(id -> count(id) >= steps),
                () -> "behind: " + ids.stream().filter(id -> count(id) < steps).limit(10)
                        .map(id -> id + "=" + count(id)).toList() + "\n" + fleet.tails(15));
    }

    /** Waits until every node of {@code nodes} is registered (its node key exists). */
    void awaitNodes(Set<String> nodes, Duration timeout, WorkerFleet fleet) {
        Await.until("nodes " + nodes + " registered", timeout,
                () -> nodes.stream().allMatch(n -> probe.get(probe.key("nodes", n)).isPresent()),
                () -> fleet.tails(20));
    }

    /**
     * Starts worker {@code node} through {@code start} and waits until it is registered. A cold worker JVM on a loaded
     * machine can give up at start-up because its first etcd call timed out (exit code 3, UNAVAILABLE): such a start
     * is repeated (at most 3 starts), as an operator's supervisor would; the scenarios are not about start-up.
     */
    void startRegistered(String node, java.util.function.Supplier<io.windlass.launcher.WorkerProcess> start,
                         WorkerFleet fleet) {
        for (int attempt = 1; ; attempt++) {
            io.windlass.launcher.WorkerProcess w = start.get();
            Await.until(node + " registered or gave up", Duration.ofSeconds(90),
                    () -> !w.isAlive() || probe.get(probe.key("nodes", node)).isPresent(), () -> fleet.tails(20));
            if (w.isAlive()) {
                return;
            }
            if (w.exitCode() != 3 || attempt == 3) {
                throw new AssertionError(node + " exited with " + w.exitCode() + " at start-up\n" + w.tail(20));
            }
            System.out.println(node + " gave up at start-up (etcd slow to answer a cold JVM): starting it again");
        }
    }

    /** The lease of {@code node}'s registration, 0 while it has none. */
    long nodeLease(String node) {
        return probe.get(probe.key("nodes", node)).map(io.etcd.jetcd.KeyValue::getLease).orElse(0L);
    }

    String code(String id) {
        return probe.get(probe.key("state", id)).map(kv -> StateEntry.of(kv).code()).orElse("<none>");
    }

    long count(String id) {
        return probe.get(probe.key("state", id)).map(kv -> StateEntry.of(kv).count()).orElse(-1L);
    }

    /** The fencing ledger of every submitted task. */
    FencingLedger ledger() {
        return FencingLedger.read(probe, expected.keySet());
    }

    @Override
    public void close() {
        client.close();
        jetcd.close();
        probe.close();
    }
}
