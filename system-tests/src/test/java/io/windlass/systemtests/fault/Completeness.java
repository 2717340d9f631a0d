package io.windlass.systemtests.fault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.etcd.jetcd.KeyValue;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Completeness, read straight from etcd: every submitted task still exists and is either in its expected state or
 * owned (claimed) by a live node; no command key is left pending (every acknowledged command was applied or
 * rejected visibly — applied exactly once is the {@link CommandScript}'s check); nothing was quarantined.
 */
final class Completeness {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Completeness() {
    }

    /**
     * Violations, one line each; empty when complete.
     *
     * @param expected  task id → state code it must end in (or be owned by a live node meanwhile)
     * @param liveNodes nodes whose claims count as "owned by a live node"
     */
    static List<String> violations(EtcdProbe probe, Map<String, String> expected, Collection<String> liveNodes) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, String> e : expected.entrySet()) {
            String id = e.getKey();
            if (probe.get(probe.key("tasks", id)).isEmpty()) {
                out.add(id + ": task record is gone");
                continue;
            }
            Optional<KeyValue> state = probe.get(probe.key("state", id));
            if (state.isEmpty()) {
                out.add(id + ": state is gone");
                continue;
            }
            String code = StateEntry.of(state.get()).code();
            if (code.equals(e.getValue())) {
                continue;
            }
            String owner = probe.get(probe.key("claims", id)).map(kv -> field(kv, "node")).orElse(null);
            if (owner == null || !liveNodes.contains(owner)) {
                out.add(id + ": in " + code + " (expected " + e.getValue() + ") and owned by "
                        + (owner == null ? "nobody" : "dead node " + owner));
            }
        }
        for (KeyValue kv : probe.list("commands")) {
            out.add("command left pending: " + EtcdProbe.text(kv.getKey()) + " = " + EtcdProbe.text(kv.getValue()));
        }
        for (KeyValue kv : probe.list("quarantine")) {
            out.add("quarantined: " + EtcdProbe.text(kv.getKey()));
        }
        return out;
    }

    static void assertComplete(EtcdProbe probe, Map<String, String> expected, Collection<String> liveNodes) {
        List<String> v = violations(probe, expected, liveNodes);
        if (!v.isEmpty()) {
            throw new AssertionError("incomplete (" + v.size() + "):\n  "
                    + String.join("\n  ", v.subList(0, Math.min(30, v.size()))));
        }
    }

    /** Task id → owner node of every current claim. */
    static Map<String, String> owners(EtcdProbe probe) {
        Map<String, String> owners = new HashMap<>();
        String prefix = probe.key("claims", "");
        for (KeyValue kv : probe.list("claims")) {
            owners.put(EtcdProbe.text(kv.getKey()).substring(prefix.length()), field(kv, "node"));
        }
        return owners;
    }

    /**
     * Claims that are not on their node's current registration (the node is not registered, or the claim's lease is
     * not the registration's lease): a claim of a dead process, or of a process that lost its id to a twin.
     */
    static List<String> claimsOffTheirNodesLease(EtcdProbe probe) {
        List<String> out = new ArrayList<>();
        String prefix = probe.key("claims", "");
        for (KeyValue claim : probe.list("claims")) {
            String id = EtcdProbe.text(claim.getKey()).substring(prefix.length());
            String node = field(claim, "node");
            long nodeLease = node == null ? -1
                    : probe.get(probe.key("nodes", node)).map(KeyValue::getLease).orElse(-1L);
            if (nodeLease != claim.getLease()) {
                out.add(id + " claimed by " + node + " on lease " + Long.toHexString(claim.getLease())
                        + ", the node's registration lease " + Long.toHexString(nodeLease));
            }
        }
        return out;
    }

    /** A JSON field of a stored value, or null (absent, or the value is not JSON). */
    static String field(KeyValue kv, String name) {
        try {
            JsonNode n = MAPPER.readTree(EtcdProbe.text(kv.getValue()));
            return n.path(name).asText(null);
        } catch (IOException e) {
            return null;
        }
    }
}
