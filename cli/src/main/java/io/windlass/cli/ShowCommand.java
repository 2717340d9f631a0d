package io.windlass.cli;

import io.windlass.consumer.client.HandlerCoverage;
import io.windlass.consumer.client.TaskView;
import io.windlass.consumer.spi.StoredState;
import io.windlass.consumer.spi.TaskCommand;
import io.windlass.cli.support.Json;
import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.TaskError;
import io.windlass.statemachine.TaskState;
import io.windlass.statemachine.WindlassException;
import java.util.Optional;
import picocli.CommandLine.Command;

/** {@code show ID}: everything known about one task. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = "Show one task: record, state, owner, pending commands, and a note when no live node has a "
                + "handler for its type (exit 2 if it does not exist).")
final class ShowCommand extends OneTaskCommand {
    @Override
    int run(Connection connection, Printer out) {
        TaskView v = connection.client().get(id)
                .orElseThrow(() -> new WindlassException(ErrorCode.TASK_NOT_FOUND, "task " + id + " does not exist"));
        Optional<String> note = HandlerCoverage.note(v, connection.client().nodes());
        if (out.json()) {
            out.document(Views.task(v, note));
            return ExitCodes.OK;
        }
        out.line("task     " + v.id());
        if (v.task() != null) {
            out.line("type     " + v.task().type());
            out.line("props    " + Json.compact(v.task().props()));
            out.line("created  " + v.task().created());
        }
        StoredState s = v.state();
        if (s != null) {
            TaskState st = s.state();
            out.line("state    " + st.code() + (st.until() == null ? "" : " until " + st.until()) + "  (version "
                    + st.version() + ", written " + s.updated() + (s.writerNode().isEmpty() ? " by a client"
                    : " by " + s.writerNode() + " fence " + s.writerFence()) + ")");
            if (st.data() != null) {
                out.line("data     " + Json.compact(st.data()));
            }
            for (TaskError e : st.errors()) {
                out.line("error    " + e.at() + " " + e.message() + (e.type() == null ? "" : " [" + e.type() + "]"));
            }
        }
        out.line("owner    " + (v.owner() == null ? "-" : v.owner() + " (fence " + v.fence() + ")"));
        for (TaskCommand c : v.pending()) {
            out.line("pending  " + Views.text(c.command()) + " (id " + c.id() + ", sent " + c.sent() + ")");
        }
        if (v.quarantine() != null) {
            out.line("QUARANTINED " + v.quarantine().key() + ": " + v.quarantine().reason());
        }
        note.ifPresent(text -> out.line("note     " + text));
        return ExitCodes.OK;
    }
}
