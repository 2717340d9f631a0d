package io.windlass.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.windlass.consumer.spi.StoredState;
import io.windlass.cli.support.Json;
import io.windlass.statemachine.TaskState;
import picocli.CommandLine.Command;

/** {@code history ID}: the task's stored states, oldest first, from etcd's revision history. */
@Command(name = "history", mixinStandardHelpOptions = true,
        header = "List a task's past states from etcd's revision history.",
        description = {"List a task's past states, oldest first, from etcd's revision history.",
                "States removed by etcd compaction cannot be shown; the output says when that happened."})
final class HistoryCommand extends OneTaskCommand {
    @Override
    int run(Connection connection, Printer out) {
        Connection.History h = connection.history(id);
        if (out.json()) {
            ObjectNode doc = Json.object().put("id", id).put("truncated", h.truncated());
            ArrayNode states = doc.putArray("states");
            for (Connection.History.Entry e : h.entries()) {
                states.add(e.state() != null ? Views.stored(e.state())
                        : Json.object().put("revision", e.revision()).put("undecodable", e.undecodable()));
            }
            out.document(doc);
            return ExitCodes.OK;
        }
        if (h.truncated()) {
            out.line("(older states were removed by etcd compaction)");
        }
        String format = "%-7s %-30s %-22s %-30s %-16s %8s  %s";
        out.line(String.format(format, "VERSION", "UPDATED", "TRANSITION", "UNTIL", "NODE", "FENCE", "DATA"));
        String previous = null;
        for (Connection.History.Entry e : h.entries()) {
            StoredState s = e.state();
            if (s == null) {
                out.line("(revision " + e.revision() + ": undecodable: " + e.undecodable() + ")");
                continue;
            }
            TaskState st = s.state();
            String transition = previous == null ? (st.version() == 0 ? "submitted -> " : "... -> ") + st.code()
                    : previous + " -> " + st.code();
            previous = st.code().name();
            out.line(String.format(format, st.version(), s.updated(), transition, st.until() == null ? "-" : st.until(),
                    s.writerNode().isEmpty() ? "(client)" : s.writerNode(), s.writerFence(),
                    st.data() == null ? "" : Json.compact(st.data())));
        }
        out.line(h.entries().size() + " state(s)");
        return ExitCodes.OK;
    }
}
