package io.windlass.spring;

import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.WindlassException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The (cluster, namespace, node id) triples {@link WindlassProperties} describe, validated: every problem is an
 * INVALID_ARGUMENT whose message starts with the property to fix, e.g. {@code windlass.etcd.endpoints: ...}.
 */
final class NamespaceTargets {
    private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

    /**
     * One cluster to connect to.
     *
     * @param prefix    its properties' prefix ({@code windlass.etcd} or {@code windlass.clusters[i]})
     * @param endpoints the parsed endpoints
     */
    record Cluster(String prefix, EtcdProperties etcd, List<String> endpoints) {
    }

    /** One namespace of a cluster, served under {@code nodeId}. */
    record Target(Cluster cluster, String namespace, String nodeId) {
        /** For logs and health details: {@code namespace@endpoint}. */
        String label() {
            return namespace + "@" + cluster.endpoints().get(0);
        }
    }

    private NamespaceTargets() {
    }

    /** @throws WindlassException INVALID_ARGUMENT naming the property */
    static List<Target> resolve(WindlassProperties p) {
        check(p.getLeaseTtl() != null && p.getLeaseTtl().toMillis() >= 1000, "windlass.lease-ttl",
                "must be at least 1s, was " + p.getLeaseTtl());
        check(p.getRequestTimeout() != null && p.getRequestTimeout().toMillis() > 0, "windlass.request-timeout",
                "must be positive, was " + p.getRequestTimeout());
        String baseNode = nodeId(p);
        List<Target> all = new ArrayList<>();
        if (p.getClusters().isEmpty()) {
            Cluster c = cluster("windlass.etcd", p.getEtcd());
            all.add(new Target(c, namespace("windlass.namespace", p.getNamespace()), baseNode));
            return all;
        }
        check(p.getEtcd().getEndpoints().isEmpty(), "windlass.etcd.endpoints",
                "set either windlass.etcd.* (one cluster) or windlass.clusters (several), not both");
        for (int i = 0; i < p.getClusters().size(); i++) {
            ClusterProperties cp = p.getClusters().get(i);
            String prefix = "windlass.clusters[" + i + "]";
            Cluster c = cluster(prefix, cp);
            check(!cp.getNamespaces().isEmpty(), prefix + ".namespaces", "list at least one namespace");
            Set<String> seen = new HashSet<>();
            for (int j = 0; j < cp.getNamespaces().size(); j++) {
                ClusterProperties.NamespaceProperties ns = cp.getNamespaces().get(j);
                String at = prefix + ".namespaces[" + j + "]";
                String name = namespace(at + ".name", ns.getName());
                check(seen.add(name), at + ".name", "namespace '" + name + "' is listed twice for this cluster");
                String node = ns.getNodeId() == null || ns.getNodeId().isBlank() ? baseNode
                        : nodeIdValue(at + ".node-id", ns.getNodeId());
                all.add(new Target(c, name, node));
            }
        }
        return all;
    }

    private static Cluster cluster(String prefix, EtcdProperties etcd) {
        List<String> endpoints = new ArrayList<>();
        for (String value : etcd.getEndpoints()) {
            for (String part : value.split(",")) {
                if (!part.isBlank()) {
                    endpoints.add(endpoint(prefix + ".endpoints", part.trim()));
                }
            }
        }
        check(!endpoints.isEmpty(), prefix + ".endpoints",
                "no etcd endpoint given (e.g. " + prefix + ".endpoints=http://127.0.0.1:2379)");
        boolean https = endpoints.stream().anyMatch(e -> e.startsWith("https:"));
        check(!https || etcd.getCacert() != null || etcd.isInsecureSkipTlsVerify(), prefix + ".cacert",
                "https endpoints need the CA file that signed the etcd servers' certificates (or, for tests only, "
                        + prefix + ".insecure-skip-tls-verify=true); never a silent unverified connection");
        check(https || (etcd.getCacert() == null && etcd.getCert() == null && !etcd.isInsecureSkipTlsVerify()),
                prefix + ".endpoints", "TLS options are set but the endpoints are http://: use https:// endpoints");
        check((etcd.getCert() == null) == (etcd.getKey() == null), prefix + (etcd.getCert() == null ? ".cert" : ".key"),
                "cert and key go together (mutual TLS)");
        check(etcd.getPassword() == null || etcd.getPasswordFile() == null, prefix + ".password",
                "give the password once: password or password-file, not both");
        check(etcd.getUser() != null || (etcd.getPassword() == null && etcd.getPasswordFile() == null),
                prefix + ".user", "a password is set but no user");
        check(etcd.getConnectTimeout() != null && etcd.getConnectTimeout().toMillis() > 0,
                prefix + ".connect-timeout", "must be positive");
        return new Cluster(prefix, etcd, List.copyOf(endpoints));
    }

    private static String endpoint(String property, String value) {
        URI uri;
        try {
            uri = URI.create(value);
        } catch (IllegalArgumentException e) {
            uri = null;
        }
        check(uri != null && uri.getScheme() != null && uri.getScheme().matches("https?") && uri.getHost() != null
                && uri.getPort() > 0, property, "invalid etcd endpoint '" + value
                + "': use a URL like http://127.0.0.1:2379");
        return value;
    }

    private static String namespace(String property, String value) {
        check(value != null && NAMESPACE.matcher(value).matches(), property,
                "invalid namespace '" + value + "': must match " + NAMESPACE.pattern());
        return value;
    }

    private static String nodeId(WindlassProperties p) {
        if (p.getNodeId() != null && !p.getNodeId().isBlank()) {
            return nodeIdValue("windlass.node-id", p.getNodeId());
        }
        String suffix = p.getNodeIdSuffix() == null || p.getNodeIdSuffix().isBlank() ? ""
                : "-" + p.getNodeIdSuffix().trim();
        String host = hostName().replaceAll("[^A-Za-z0-9._:-]", "-").replaceAll("^[^A-Za-z0-9]+", "");
        host = host.isEmpty() ? "node" : host;
        host = host.substring(0, Math.min(host.length(), Math.max(1, 128 - suffix.length())));
        return nodeIdValue(suffix.isEmpty() ? "windlass.node-id" : "windlass.node-id-suffix", host + suffix);
    }

    private static String nodeIdValue(String property, String value) {
        check(NODE_ID.matcher(value).matches(), property,
                "invalid node id '" + value + "': must match " + NODE_ID.pattern());
        return value;
    }

    private static String hostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env.trim();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException | RuntimeException e) {
            return "node";
        }
    }

    static void check(boolean ok, String property, String problem) {
        if (!ok) {
            throw invalid(property, problem);
        }
    }

    /** The message of {@code e} without the {@code CODE: } prefix a {@link WindlassException} puts first. */
    static String problem(RuntimeException e) {
        String m = String.valueOf(e.getMessage());
        return e instanceof WindlassException w && m.startsWith(w.code() + ": ")
                ? m.substring(w.code().toString().length() + 2) : m;
    }

    static WindlassException invalid(String property, String problem) {
        return new WindlassException(ErrorCode.INVALID_ARGUMENT, property + ": " + problem);
    }
}
