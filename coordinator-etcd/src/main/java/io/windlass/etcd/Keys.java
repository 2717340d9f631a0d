package io.windlass.etcd;

import io.etcd.jetcd.ByteSequence;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The key layout of one namespace (docs/etcd-layout.md). Every key is {@code /<ns>/<kind>/<id>[/<sub>]}; per-task
 * prefixes always end with {@code '/'} so that task {@code t1} never matches {@code t10}.
 */
final class Keys {
    static final String TASKS = "tasks/";
    static final String STATE = "state/";
    static final String CLAIMS = "claims/";
    static final String DONE = "done/";
    static final String COMMANDS = "commands/";
    /** Create-only markers of client command ids ({@code cmdids/<id>/<cmdId>}), kept until the task is deleted. */
    static final String COMMAND_IDS = "cmdids/";
    static final String NODES = "nodes/";
    static final String NODE_COMMANDS = "nodecmds/";
    static final String QUARANTINE = "quarantine/";
    /** Per-node group-commit quota marker (see {@link Committer}); not parsed, watchers ignore it. */
    static final String COMMITTERS = "committers/";

    private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Keys.class);
    private final String root;
    /** Hex of the malformed keys logged already (bounded). */
    private final Set<String> warned = new HashSet<>();

    Keys(String namespace) {
        Objects.requireNonNull(namespace, "namespace");
        if (!NAMESPACE.matcher(namespace).matches()) {
            throw new IllegalArgumentException("invalid namespace '" + namespace
                    + "': use 1-64 of [A-Za-z0-9._-], starting with a letter or digit");
        }
        this.root = "/" + namespace + "/";
    }

    /** {@code /<ns>/}: the prefix watched and listed. */
    ByteSequence root() {
        return bytes(root);
    }

    String rootString() {
        return root;
    }

    ByteSequence task(String id) {
        return bytes(root + TASKS + id);
    }

    ByteSequence state(String id) {
        return bytes(root + STATE + id);
    }

    ByteSequence claim(String id) {
        return bytes(root + CLAIMS + id);
    }

    ByteSequence done(String id) {
        return bytes(root + DONE + id);
    }

    /** {@code /<ns>/commands/<id>/}: the commands of exactly one task. */
    ByteSequence commandsOf(String id) {
        return bytes(root + COMMANDS + id + "/");
    }

    ByteSequence command(String id, String commandId) {
        return bytes(root + COMMANDS + id + "/" + commandId);
    }

    /** The marker that {@code commandId} was stored for task {@code id} (idempotent client commands). */
    ByteSequence commandIdMarker(String id, String commandId) {
        return bytes(root + COMMAND_IDS + id + "/" + commandId);
    }

    /** {@code /<ns>/cmdids/<id>/}: the command id markers of exactly one task. */
    ByteSequence commandIdMarkersOf(String id) {
        return bytes(root + COMMAND_IDS + id + "/");
    }

    ByteSequence quarantinedCommand(String id, String commandId) {
        return bytes(root + QUARANTINE + COMMANDS + id + "/" + commandId);
    }

    ByteSequence node(String nodeId) {
        return bytes(root + NODES + nodeId);
    }

    /** {@code /<ns>/committers/<node>}: the top-level put every batched txn with puts carries (quota check). */
    ByteSequence committer(String nodeId) {
        return bytes(root + COMMITTERS + nodeId);
    }

    ByteSequence nodeCommandsOf(String nodeId) {
        return bytes(root + NODE_COMMANDS + nodeId + "/");
    }

    ByteSequence nodeCommand(String nodeId, String commandId) {
        return bytes(root + NODE_COMMANDS + nodeId + "/" + commandId);
    }

    /** A prefix of one kind, e.g. {@code /<ns>/tasks/}. */
    ByteSequence prefix(String kind) {
        return bytes(root + kind);
    }

    /** Parses a key of this namespace; null for keys outside it or not of the layout (foreign keys are ignored). */
    Parsed parse(ByteSequence key) {
        String k = strict(key);
        if (k == null) {
            malformed(key);
            return null;
        }
        if (!k.startsWith(root)) {
            return null;
        }
        String rest = k.substring(root.length());
        int slash = rest.indexOf('/');
        if (slash <= 0) {
            return null;
        }
        String kind = rest.substring(0, slash + 1);
        String tail = rest.substring(slash + 1);
        switch (kind) {
            case TASKS, STATE, CLAIMS, DONE, NODES -> {
                return tail.isEmpty() || tail.contains("/") ? null : new Parsed(kind, tail, null);
            }
            case COMMANDS, NODE_COMMANDS -> {
                int s = tail.indexOf('/');
                if (s <= 0 || s == tail.length() - 1 || tail.indexOf('/', s + 1) >= 0) {
                    return null;
                }
                return new Parsed(kind, tail.substring(0, s), tail.substring(s + 1));
            }
            default -> {
                return null;
            }
        }
    }

    /** A parsed key: {@code kind} is one of the constants, {@code id} the task or node id, {@code sub} a command id. */
    record Parsed(String kind, String id, String sub) {
    }

    static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }

    /**
     * The key as UTF-8, decoded strictly: null if it is not valid UTF-8 (never a lossy decode, whose replacement
     * characters would name another key: a task id read from such a key could never be claimed, written or deleted).
     */
    static String strict(ByteSequence key) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(key.getBytes())).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** A key of this namespace that is not valid UTF-8: ignored and left alone, logged (once per key, bounded). */
    private void malformed(ByteSequence key) {
        byte[] raw = key.getBytes();
        byte[] prefix = root.getBytes(StandardCharsets.UTF_8);
        if (raw.length < prefix.length || !Arrays.equals(raw, 0, prefix.length, prefix, 0, prefix.length)) {
            return;
        }
        String hex = HexFormat.of().formatHex(raw);
        synchronized (warned) {
            if (warned.size() >= 1000 || !warned.add(hex)) {
                return;
            }
        }
        LOG.warn("key under {} is not valid UTF-8: ignored and left alone (hex {})", root, hex);
    }

    static String string(ByteSequence b) {
        return b.toString(StandardCharsets.UTF_8);
    }
}
