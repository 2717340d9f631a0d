package io.windlass.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.windlass.consumer.client.TaskView;
import io.windlass.consumer.spi.NodeInfo;
import io.windlass.consumer.spi.StoredState;
import io.windlass.consumer.spi.TaskCommand;
import io.windlass.consumer.spi.TaskRecord;
import io.windlass.etcd.TaskHistory;
import io.windlass.statemachine.Command;
import io.windlass.statemachine.TaskError;
import io.windlass.statemachine.TaskState;
import java.util.Base64;
import java.util.Optional;
import java.util.TreeSet;

/** JSON renderings of the client's values (field names as the CLI's {@code --json} and docs/http-api.md). Pure. */
final class JsonViews {
    private JsonViews() {
    }

    /** A list entry: no props, data nor errors, so a page of 1000 stays small. */
    static ObjectNode summary(TaskView v, Optional<String> note) {
        ObjectNode n = Json.object().put("id", v.id());
        n.put("type", v.task() == null ? null : v.task().type());
        n.put("state", v.state() == null ? null : v.state().state().code().name());
        if (v.state() != null && v.state().state().until() != null) {
            n.put("until", v.state().state().until().toString());
        }
        n.put("owner", v.owner());
        n.put("fence", v.fence());
        n.put("pendingCommands", v.pending().size());
        if (v.state() != null) {
            n.put("version", v.state().state().version());
            n.put("updated", v.state().updated().toString());
        }
        n.put("quarantined", v.quarantine() != null);
        note.ifPresent(text -> n.put("note", text));
        return n;
    }

    /** {@code note}: see {@link io.windlass.consumer.client.HandlerCoverage}; the field appears only with one. */
    static ObjectNode task(TaskView v, Optional<String> note) {
        ObjectNode n = Json.object().put("id", v.id());
        if (v.task() != null) {
            n.set("record", record(v.task()));
        }
        n.put("state", v.state() == null ? null : v.state().state().code().name());
        n.put("owner", v.owner());
        n.put("fence", v.fence());
        if (v.state() != null) {
            n.set("stored", stored(v.state()));
        }
        ArrayNode pending = n.putArray("pending");
        v.pending().forEach(c -> pending.add(command(c)));
        if (v.quarantine() != null) {
            n.putObject("quarantine").put("key", v.quarantine().key()).put("reason", v.quarantine().reason())
                    .put("rawBase64", Base64.getEncoder().encodeToString(v.quarantine().raw()));
        }
        note.ifPresent(text -> n.put("note", text));
        return n;
    }

    static ObjectNode record(TaskRecord r) {
        ObjectNode n = Json.object().put("id", r.id()).put("type", r.type());
        n.set("props", r.props());
        n.put("created", r.created().toString());
        return n;
    }

    static ObjectNode stored(StoredState s) {
        ObjectNode n = state(s.state());
        n.put("revision", s.revision());
        n.put("writerNode", s.writerNode());
        n.put("writerFence", s.writerFence());
        n.put("updated", s.updated().toString());
        return n;
    }

    static ObjectNode state(TaskState s) {
        ObjectNode n = Json.object().put("code", s.code().name());
        if (s.until() != null) {
            n.put("until", s.until().toString());
        }
        n.put("version", s.version());
        ArrayNode errors = n.putArray("errors");
        for (TaskError e : s.errors()) {
            ObjectNode en = errors.addObject().put("at", e.at().toString()).put("message", e.message());
            if (e.type() != null) {
                en.put("type", e.type());
            }
        }
        n.set("data", s.data());
        return n;
    }

    static ObjectNode command(TaskCommand c) {
        return command(c.command()).put("id", c.id()).put("sent", c.sent().toString());
    }

    static ObjectNode command(Command c) {
        ObjectNode n = Json.object().put("kind", c.kind().name());
        if (c instanceof Command.Sleep s) {
            n.put("until", s.until().toString());
        } else if (c instanceof Command.Error e) {
            n.put("error", e.error().message());
        }
        return n;
    }

    static ObjectNode history(TaskHistory h) {
        ObjectNode n = Json.object().put("truncatedByCompaction", h.truncated());
        ArrayNode entries = n.putArray("entries");
        for (TaskHistory.Entry e : h.entries()) {
            ObjectNode en = entries.addObject().put("revision", e.revision());
            if (e.state() != null) {
                StoredState s = e.state();
                en.put("state", s.state().code().name()).put("version", s.state().version())
                        .put("writerNode", s.writerNode()).put("writerFence", s.writerFence())
                        .put("updated", s.updated().toString());
                if (s.state().until() != null) {
                    en.put("until", s.state().until().toString());
                }
            } else {
                en.put("undecodable", e.undecodable());
            }
        }
        return n;
    }

    static ObjectNode node(NodeInfo i) {
        ObjectNode n = Json.object().put("id", i.nodeId()).put("host", i.host()).put("started", i.started().toString())
                .put("draining", i.draining()).put("ownedCount", i.claims());
        ArrayNode types = n.putArray("types");
        new TreeSet<>(i.handlerTypes()).forEach(types::add);
        return n;
    }
}
