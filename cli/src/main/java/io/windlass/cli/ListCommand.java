package io.windlass.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.windlass.consumer.client.HandlerCoverage;
import io.windlass.consumer.client.TaskFilter;
import io.windlass.consumer.client.TaskView;
import io.windlass.consumer.spi.NodeInfo;
import io.windlass.cli.support.Json;
import io.windlass.statemachine.StateCode;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code list [--state S] [--node N]}: a table of tasks ordered by id. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List tasks, ordered by id; a row ends in '! no handler for type X on any live node' "
        + "when no live node can run it.")
final class ListCommand extends StoreCommand {
    @Option(names = "--state", paramLabel = "STATE",
            description = "only tasks in this state: ${COMPLETION-CANDIDATES}")
    StateCode state;

    @Option(names = "--node", paramLabel = "NODE", description = "only tasks claimed by this node")
    String node;

    @Option(names = "--after", paramLabel = "ID", description = "only ids after this one (paging)")
    String after;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "1000", description = "at most N tasks (1..10000, "
            + "default ${DEFAULT-VALUE})")
    int limit;

    @Override
    void validate() {
        if (limit < 1 || limit > 10_000) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--limit must be 1..10000");
        }
    }

    @Override
    int run(Connection connection, Printer out) {
        List<TaskView> tasks = connection.client().list(new TaskFilter(state, node, after, limit));
        List<NodeInfo> live = connection.client().nodes();
        if (out.json()) {
            ArrayNode arr = Json.MAPPER.createArrayNode();
            tasks.forEach(t -> arr.add(Views.task(t, HandlerCoverage.note(t, live))));
            out.document(Json.object().set("tasks", arr));
            return ExitCodes.OK;
        }
        String format = "%-24s %-8s %-9s %-16s %7s  %s";
        out.line(String.format(format, "ID", "TYPE", "STATE", "OWNER", "VERSION", "DATA"));
        for (TaskView t : tasks) {
            String st = t.quarantine() != null ? "QUARANTINED" : t.state() == null ? "-" : t.state().state().code().name();
            String version = t.state() == null ? "-" : Long.toString(t.state().state().version());
            String data = t.state() == null || t.state().state().data() == null ? ""
                    : Json.compact(t.state().state().data());
            String note = HandlerCoverage.note(t, live).map(text -> (data.isEmpty() ? "" : "  ") + "! " + text)
                    .orElse("");
            out.line(String.format(format, t.id(), t.task() == null ? "?" : t.task().type(), st,
                    t.owner() == null ? "-" : t.owner(), version, data + note));
        }
        out.line(tasks.size() + " task(s)");
        return ExitCodes.OK;
    }
}
