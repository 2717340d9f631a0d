package io.windlass.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.windlass.consumer.client.HandlerCoverage;
import io.windlass.consumer.client.TaskView;
import io.windlass.consumer.spi.NodeInfo;
import io.windlass.consumer.spi.StoredState;
import io.windlass.consumer.spi.TaskCommand;
import io.windlass.cli.support.Json;
import io.windlass.statemachine.Command;
import io.windlass.statemachine.TaskError;
import io.windlass.statemachine.TaskState;
import java.util.Base64;
import java.util.Optional;

/** JSON renderings of the client's values, shared by the commands (field names match the wire format's). */
final class Views {
    private Views() {
    }

    static ObjectNode task(TaskView v) {
        return task(v, Optional.empty());
    }

    /** {@link #task(TaskView)} plus {@code note} (see {@link HandlerCoverage}) when there is one. */
    static ObjectNode task(TaskView v, Optional<String> note) {
        ObjectNode n = Json.object();
        n.put("id", v.id());
        if (v.task() != null) {
            n.put("type", v.task().type());
            n.set("props", v.task().props());
            n.put("created", v.task().created().toString());
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

    static ObjectNode stored(StoredState s) {
        ObjectNode n = state(s.state());
        n.put("revision", s.revision());
        n.put("writerNode", s.writerNode());
        n.put("writerFence", s.writerFence());
        n.put("updated", s.updated().toString());
        return n;
    }

    static ObjectNode state(TaskState s) {
        ObjectNode n = Json.object();
        n.put("code", s.code().name());
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
        ObjectNode n = command(c.command());
        n.put("id", c.id());
        n.put("sent", c.sent().toString());
        return n;
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

    static ObjectNode node(NodeInfo i) {
        ObjectNode n = Json.object().put("node", i.nodeId()).put("host", i.host()).put("started", i.started().toString())
                .put("claims", i.claims()).put("draining", i.draining());
        ArrayNode types = n.putArray("types");
        new java.util.TreeSet<>(i.handlerTypes()).forEach(types::add);
        return n;
    }

    /** A short text form of a command: {@code PAUSE}, {@code SLEEP until 2026-...}. */
    static String text(Command c) {
        if (c instanceof Command.Sleep s) {
            return "SLEEP until " + s.until();
        }
        if (c instanceof Command.Error e) {
            return "ERROR " + e.error().message();
        }
        return c.kind().name();
    }
}
