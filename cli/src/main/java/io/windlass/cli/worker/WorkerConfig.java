package io.windlass.cli.worker;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.windlass.cli.support.EtcdSecurity;
import io.windlass.examples.support.Durations;
import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.WindlassException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The file of {@code windlass worker --config FILE}: several etcd clusters (endpoints, TLS, auth) and the namespaces to
 * serve on each, one consumer per namespace, all in one process. JSON with {@code //} comments allowed:
 *
 * <pre>{@code
 * {
 *   "leaseTtl": "10s", "balanceInterval": "30s", "timeout": "5s", "shutdownGrace": "30s",  // optional, as the flags
 *   "clusters": [
 *     { "etcd": "https://10.0.0.1:2379,https://10.0.0.2:2379",
 *       "cacert": "/etc/windlass/east/ca.pem", "cert": "/etc/windlass/east/worker.pem",
 *       "key": "/etc/windlass/east/worker-key.pem",
 *       "user": "windlass-east", "passwordFile": "/etc/windlass/east/password",   // all optional
 *       "namespaces": [ { "namespace": "prod", "node": "w1-prod" },   // node: default <--node>-<namespace>
 *                       { "namespace": "batch" } ] },
 *     { "etcd": "http://10.1.0.1:2379", "namespaces": [ { "namespace": "lab" } ] }
 *   ]
 * }
 * }</pre>
 * Unknown fields are refused (a typo must not silently drop TLS); so is a namespace listed twice for one cluster.
 */
public final class WorkerConfig {
    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.ALLOW_COMMENTS);
    private static final Set<String> TOP = Set.of("leaseTtl", "balanceInterval", "timeout", "shutdownGrace",
            "clusters");
    private static final Set<String> CLUSTER = Set.of("etcd", "cacert", "cert", "key", "user", "passwordFile",
            "authority", "insecureSkipTlsVerify", "namespaces");
    private static final Set<String> NAMESPACE = Set.of("namespace", "node");

    private WorkerConfig() {
    }

    /**
     * The settings of every consumer {@code file} describes.
     *
     * @param baseNode the node id prefix for namespaces without {@code node} ({@code <baseNode>-<namespace>})
     * @throws WindlassException INVALID_ARGUMENT naming the file and the problem
     */
    public static List<Worker.Settings> read(Path file, String baseNode) {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw bad(file, "cannot read it: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw bad(file, "expected a JSON object with \"clusters\"");
        }
        check(file, root, TOP, "the top level");
        Duration leaseTtl = duration(file, root, "leaseTtl", "10s");
        Duration balance = duration(file, root, "balanceInterval", "30s");
        Duration timeout = duration(file, root, "timeout", "5s");
        Duration grace = duration(file, root, "shutdownGrace", "30s");
        JsonNode clusters = root.path("clusters");
        if (!clusters.isArray() || clusters.isEmpty()) {
            throw bad(file, "\"clusters\" must be a non-empty array");
        }
        List<Worker.Settings> all = new ArrayList<>();
        Set<String> nodes = new HashSet<>();
        for (JsonNode cluster : clusters) {
            check(file, cluster, CLUSTER, "a cluster");
            String etcd = text(cluster, "etcd");
            if (etcd == null) {
                throw bad(file, "every cluster needs \"etcd\" (its endpoints, comma separated)");
            }
            EtcdSecurity security = EtcdSecurity.of(text(cluster, "cacert"), text(cluster, "cert"),
                    text(cluster, "key"), text(cluster, "authority"), text(cluster, "user"),
                    text(cluster, "passwordFile"), null, cluster.path("insecureSkipTlsVerify").asBoolean(false));
            JsonNode namespaces = cluster.path("namespaces");
            if (!namespaces.isArray() || namespaces.isEmpty()) {
                throw bad(file, "cluster " + etcd + " needs a non-empty \"namespaces\" array");
            }
            Set<String> seen = new HashSet<>();
            for (JsonNode ns : namespaces) {
                check(file, ns, NAMESPACE, "a namespace of " + etcd);
                String namespace = text(ns, "namespace");
                if (namespace == null || !seen.add(namespace)) {
                    throw bad(file, "cluster " + etcd + ": each namespace needs a \"namespace\" name, listed once");
                }
                String node = text(ns, "node") != null ? text(ns, "node") : baseNode + "-" + namespace;
                if (!nodes.add(etcd + " " + namespace + " " + node)) {
                    throw bad(file, "node " + node + " is listed twice for " + namespace);
                }
                all.add(new Worker.Settings(etcd, namespace, node, leaseTtl, balance, timeout, grace, security));
            }
        }
        return all;
    }

    private static void check(Path file, JsonNode object, Set<String> allowed, String where) {
        if (!object.isObject()) {
            throw bad(file, where + " must be a JSON object");
        }
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw bad(file, "unknown field \"" + name + "\" in " + where + " (known: " + allowed + ")");
            }
        }
    }

    private static Duration duration(Path file, JsonNode root, String field, String fallback) {
        String value = text(root, field);
        try {
            return Durations.parse(value == null ? fallback : value);
        } catch (RuntimeException e) {
            throw bad(file, "\"" + field + "\": " + e.getMessage());
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static WindlassException bad(Path file, String problem) {
        return new WindlassException(ErrorCode.INVALID_ARGUMENT, "worker config " + file + ": " + problem);
    }
}
