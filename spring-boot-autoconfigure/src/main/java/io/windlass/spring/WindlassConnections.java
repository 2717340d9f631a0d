package io.windlass.spring;

import io.windlass.etcd.EtcdConnection;
import io.windlass.etcd.EtcdCoordinatorSettings;
import io.windlass.etcd.EtcdTaskClient;
import io.windlass.statemachine.WindlassException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The etcd connections (one per cluster, opened when the bean is created: nothing is sent until the first call) and
 * a task client per namespace. Closed last: the bean is destroyed after every bean that uses it, so after the
 * consumers have drained. Thread-safe.
 */
public final class WindlassConnections implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WindlassConnections.class);

    private final List<NamespaceTargets.Target> targets;
    private final WindlassProperties properties;
    private final Map<String, EtcdConnection> byCluster = new LinkedHashMap<>();
    private final Map<NamespaceTargets.Target, EtcdTaskClient> clients = new LinkedHashMap<>();
    private boolean closed;

    WindlassConnections(WindlassProperties properties) {
        this.properties = properties;
        this.targets = NamespaceTargets.resolve(properties);
        try {
            for (NamespaceTargets.Target t : targets) {
                EtcdConnection c = byCluster.computeIfAbsent(t.cluster().prefix(), p -> open(t.cluster()));
                clients.put(t, EtcdTaskClient.create(c, t.namespace(), settings(t)));
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private static EtcdConnection open(NamespaceTargets.Cluster cluster) {
        EtcdProperties p = cluster.etcd();
        EtcdConnection.Builder b = EtcdConnection.builder(cluster.endpoints().toArray(String[]::new))
                .connectTimeout(p.getConnectTimeout()).caCert(p.getCacert()).authority(p.getAuthority())
                .user(p.getUser()).password(p.getPassword()).passwordFile(p.getPasswordFile())
                .insecureSkipTlsVerify(p.isInsecureSkipTlsVerify());
        if (p.getCert() != null) {
            b.clientCert(p.getCert(), p.getKey());
        }
        try {
            return b.build();
        } catch (WindlassException | IllegalArgumentException e) {
            throw NamespaceTargets.invalid(cluster.prefix(), NamespaceTargets.problem(e));
        }
    }

    /** The coordinator settings of {@code target} (lease TTL, timeout, endpoint names in messages). */
    EtcdCoordinatorSettings settings(NamespaceTargets.Target target) {
        return EtcdCoordinatorSettings.defaults().withEndpoint(String.join(",", target.cluster().endpoints()))
                .withLeaseTtl(properties.getLeaseTtl()).withRequestTimeout(properties.getRequestTimeout());
    }

    List<NamespaceTargets.Target> targets() {
        return targets;
    }

    EtcdConnection connection(NamespaceTargets.Target target) {
        return byCluster.get(target.cluster().prefix());
    }

    /** The task client of the first namespace configured (the {@code TaskClient} bean). */
    public EtcdTaskClient primary() {
        return clients.get(targets.get(0));
    }

    /**
     * The task client of {@code namespace}.
     *
     * @throws WindlassException INVALID_ARGUMENT when no configured namespace has that name, or several clusters do
     */
    public EtcdTaskClient client(String namespace) {
        List<EtcdTaskClient> found = new ArrayList<>();
        clients.forEach((t, c) -> {
            if (t.namespace().equals(namespace)) {
                found.add(c);
            }
        });
        NamespaceTargets.check(found.size() == 1, "windlass.clusters", "namespace '" + namespace + "' is "
                + (found.isEmpty() ? "not configured" : "on several clusters: use client(namespace, endpoint)")
                + " (configured: " + namespaces() + ")");
        return found.get(0);
    }

    /** The task client of {@code namespace} on the cluster that has {@code endpoint} among its endpoints. */
    public Optional<EtcdTaskClient> client(String namespace, String endpoint) {
        return clients.entrySet().stream().filter(e -> e.getKey().namespace().equals(namespace)
                && e.getKey().cluster().endpoints().contains(endpoint)).map(Map.Entry::getValue).findFirst();
    }

    /** Every configured namespace as {@code namespace@first-endpoint}, in configuration order. */
    public List<String> namespaces() {
        return targets.stream().map(NamespaceTargets.Target::label).toList();
    }

    /** Closes the task clients, then the connections. Idempotent. */
    @Override
    public synchronized void close() {
        closed = true;
        clients.values().forEach(c -> quietly(c::close));
        clients.clear();
        byCluster.values().forEach(c -> quietly(c::close));
        if (!byCluster.isEmpty()) {
            LOG.info("closed {} etcd connection(s)", byCluster.size());
        }
        byCluster.clear();
    }

    /** True after {@link #close()}. */
    public synchronized boolean isClosed() {
        return closed;
    }

    private static void quietly(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.warn("closing: {}", e.toString());
        }
    }
}
