package io.windlass.etcd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.windlass.consumer.spi.NodeCommand;
import io.windlass.consumer.spi.NodeInfo;
import io.windlass.consumer.spi.StoredState;
import io.windlass.consumer.spi.TaskCommand;
import io.windlass.consumer.spi.TaskRecord;
import io.windlass.statemachine.StateCode;
import io.windlass.statemachine.TaskState;
import io.windlass.statemachine.codec.DecodeException;
import io.windlass.statemachine.codec.WireCodec;
import io.windlass.statemachine.codec.WireTime;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * Encodes and decodes every value stored under a namespace (docs/etcd-layout.md). Decoding bad bytes throws
 * {@link DecodeException} carrying the raw bytes; it never returns null for bad input. Thread-safe.
 */
final class Values {
    /** Largest task record decoded: the client's own limit ({@code DefaultEtcdTaskClient#submit}). */
    static final int MAX_RECORD_BYTES = TaskRecord.MAX_PROPS_BYTES + 1024;
    private final WireCodec codec;

    Values(WireCodec codec) {
        this.codec = codec;
    }

    byte[] encodeTask(TaskRecord task) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("id", task.id());
        n.put("type", task.type());
        n.set("props", task.props());
        n.put("created", task.created().toString());
        return codec.write(n);
    }

    TaskRecord decodeTask(byte[] raw) {
        if (raw.length > MAX_RECORD_BYTES) {
            // written past the client (which refuses such props): quarantined, never run
            throw new DecodeException("task record of " + raw.length + " bytes is over the limit (props may be at most "
                    + TaskRecord.MAX_PROPS_BYTES + " bytes)", raw, null);
        }
        JsonNode n = codec.parse(raw);
        try {
            return new TaskRecord(text(n, "id", raw), text(n, "type", raw), n.get("props"),
                    instant(n, "created", raw));
        } catch (RuntimeException e) {
            throw decodeError("task record", raw, e);
        }
    }

    /** The state key's value: the wire state plus who wrote it under which fence, and when. */
    byte[] encodeState(TaskState state, String node, long fence, Instant updated) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("fence", fence);
        n.put("node", node);
        n.put("updated", updated.toString());
        n.set("state", codec.stateToJson(state));
        return codec.write(n);
    }

    /** Decodes a state value read at {@code modRevision}. */
    StoredState decodeState(byte[] raw, long modRevision) {
        JsonNode n = codec.parse(raw);
        JsonNode state = n.get("state");
        if (state == null || !state.isObject()) {
            throw new DecodeException("state value has no 'state' object", raw, null);
        }
        TaskState decoded = codec.stateFromJson(state, raw);
        try {
            return new StoredState(decoded, modRevision, text(n, "node", raw), n.path("fence").asLong(0),
                    instant(n, "updated", raw));
        } catch (RuntimeException e) {
            throw decodeError("state envelope", raw, e);
        }
    }

    /**
     * {@code state} as a reader decodes it from {@code encoded} (its encoding): {@code state} itself when its data is
     * already in parsed form, a copy with converted data, or — only when {@link ParsedForm} cannot tell — decoded.
     */
    TaskState asRead(TaskState state, byte[] encoded) {
        JsonNode data = state.data();
        if (data == null) {
            return state;
        }
        JsonNode parsed = ParsedForm.of(data);
        if (parsed == data) {
            return state;
        }
        return parsed != null ? state.withData(parsed) : decodeState(encoded, 0).state();
    }

    byte[] encodeClaim(String node, long lease) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("node", node);
        n.put("lease", lease);
        return codec.write(n);
    }

    /**
     * The node named in a claim value, or "?" when undecodable (a claim is only ever compared by revision). Every node
     * reads every claim the watch delivers, so the form {@link #encodeClaim} writes is read without a JSON parser.
     */
    String claimNode(byte[] raw) {
        String fast = canonicalClaimNode(raw);
        if (fast != null) {
            return fast;
        }
        try {
            return codec.parse(raw).path("node").asText("?");
        } catch (RuntimeException e) {
            return "?";
        }
    }

    private static final byte[] CLAIM_HEAD = "{\"node\":\"".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] CLAIM_MID = "\",\"lease\":".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** The node of exactly {@code {"node":"<valid id>","lease":<digits>}}, or null for any other bytes. */
    static String canonicalClaimNode(byte[] raw) {
        int n = raw.length;
        if (n < CLAIM_HEAD.length + 1 + CLAIM_MID.length + 2 || !java.util.Arrays.equals(raw, 0, CLAIM_HEAD.length,
                CLAIM_HEAD, 0, CLAIM_HEAD.length)) {
            return null;
        }
        int end = CLAIM_HEAD.length;
        while (end < n && idChar(raw[end])) {
            end++;
        }
        int mid = end + CLAIM_MID.length;
        if (end == CLAIM_HEAD.length || end - CLAIM_HEAD.length > 128 || mid >= n - 1
                || !java.util.Arrays.equals(raw, end, mid, CLAIM_MID, 0, CLAIM_MID.length) || raw[n - 1] != '}') {
            return null;
        }
        for (int i = mid; i < n - 1; i++) {
            if (raw[i] < '0' || raw[i] > '9') {
                return null;
            }
        }
        return new String(raw, CLAIM_HEAD.length, end - CLAIM_HEAD.length, java.nio.charset.StandardCharsets.US_ASCII);
    }

    private static boolean idChar(byte b) {
        return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == '.' || b == '_'
                || b == ':' || b == '-';
    }

    byte[] encodeCommand(TaskCommand command) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("id", command.id());
        n.set("command", codec.commandToJson(command.command()));
        n.put("sent", command.sent().toString());
        return codec.write(n);
    }

    TaskCommand decodeCommand(byte[] raw) {
        JsonNode n = codec.parse(raw);
        JsonNode command = n.get("command");
        if (command == null || !command.isObject()) {
            throw new DecodeException("command value has no 'command' object", raw, null);
        }
        try {
            return new TaskCommand(text(n, "id", raw), codec.commandFromJson(command, raw), instant(n, "sent", raw));
        } catch (DecodeException e) {
            throw e;
        } catch (RuntimeException e) {
            throw decodeError("command", raw, e);
        }
    }

    /**
     * A node registration: id, host, start, draining flag and {@code types}, the task types it has handlers for
     * (sorted; an empty list, or its absence in an older registration, means "unknown").
     */
    byte[] encodeNode(String node, String host, Instant started, boolean draining, Set<String> types) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("node", node);
        n.put("host", host);
        n.put("started", started.toString());
        n.put("draining", draining);
        ArrayNode t = n.putArray("types");
        new TreeSet<>(types).forEach(t::add);
        return codec.write(n);
    }

    NodeInfo decodeNode(byte[] raw, int claims) {
        JsonNode n = codec.parse(raw);
        try {
            Set<String> types = new HashSet<>();
            JsonNode t = n.path("types");
            if (!t.isMissingNode() && !t.isNull() && !t.isArray()) {
                throw new DecodeException("field 'types' is not an array", raw, null);
            }
            for (JsonNode type : t) {
                if (!type.isTextual()) {
                    throw new DecodeException("field 'types' holds a non-text entry", raw, null);
                }
                types.add(type.asText());
            }
            return new NodeInfo(text(n, "node", raw), n.path("host").asText(""), instant(n, "started", raw), claims,
                    n.path("draining").asBoolean(false), types);
        } catch (RuntimeException e) {
            throw decodeError("node", raw, e);
        }
    }

    byte[] encodeNodeCommand(NodeCommand command, Instant sent) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("id", command.id());
        n.put("kind", command.kind());
        if (command.taskId() != null) {
            n.put("task", command.taskId());
        }
        n.put("sent", sent.toString());
        return codec.write(n);
    }

    NodeCommand decodeNodeCommand(byte[] raw) {
        JsonNode n = codec.parse(raw);
        try {
            JsonNode task = n.get("task");
            return new NodeCommand(text(n, "id", raw), text(n, "kind", raw),
                    task == null || task.isNull() ? null : task.asText());
        } catch (RuntimeException e) {
            throw decodeError("node command", raw, e);
        }
    }

    byte[] encodeDone(StateCode code, Instant at) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("code", code.name());
        n.put("at", at.toString());
        return codec.write(n);
    }

    private static String text(JsonNode n, String field, byte[] raw) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new DecodeException("missing or non-text field '" + field + "'", raw, null);
        }
        return v.asText();
    }

    private static Instant instant(JsonNode n, String field, byte[] raw) {
        try {
            return WireTime.parse(text(n, field, raw));
        } catch (DateTimeParseException e) {
            throw new DecodeException("field '" + field + "' is not an ISO-8601 instant", raw, e);
        }
    }

    private static DecodeException decodeError(String what, byte[] raw, RuntimeException e) {
        if (e instanceof DecodeException d) {
            return d;
        }
        return new DecodeException("malformed " + what + ": " + e.getMessage(), raw, e);
    }
}
