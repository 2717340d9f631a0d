package io.windlass.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.windlass.consumer.spi.TaskRecord;
import io.windlass.examples.handlers.ExampleHandlers;
import io.windlass.cli.support.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code submit --id ID --type TYPE [--props JSON]}: validates the props, then stores the task. */
@Command(name = "submit", mixinStandardHelpOptions = true,
        header = "Submit a new task (props validated first).",
        description = {"Submit a new task. Props are checked against the example task types first:",
                "  counter {\"steps\":10,\"interval\":\"1s\"}",
                "  flaky   {\"failureProbability\":0.3,\"steps\":10,\"interval\":\"1s\",\"retryDelay\":\"1s\","
                        + "\"maxErrors\":3,\"seed\":0}",
                "  forever {\"interval\":\"5s\"}",
                "A duplicate id (even of a finished task) is rejected (exit 2)."})
final class SubmitCommand extends StoreCommand {
    @Option(names = "--id", required = true, paramLabel = "ID", description = "task id: 1-128 of [A-Za-z0-9._:-]")
    String id;

    @Option(names = "--type", required = true, paramLabel = "TYPE", description = "counter, flaky or forever")
    String type;

    @Option(names = "--props", paramLabel = "JSON", defaultValue = "{}",
            description = "the task's props as a JSON object (default: {} = the type's defaults)")
    String props;

    private JsonNode parsedProps;

    @Override
    void validate() {
        TaskRecord.requireValidId(id);
        parsedProps = Json.parse("--props", props);
        ExampleHandlers.validateProps(ExampleHandlers.registry(), type, parsedProps);
    }

    @Override
    int run(Connection connection, Printer out) {
        TaskRecord rec = connection.client().submit(id, type, parsedProps);
        if (out.json()) {
            out.document(Json.object().put("id", rec.id()).put("type", rec.type()).<com.fasterxml.jackson.databind
                    .node.ObjectNode>set("props", rec.props()).put("created", rec.created().toString()));
        } else {
            out.line("submitted " + rec.id() + " (" + rec.type() + " " + Json.compact(rec.props()) + ")");
        }
        return ExitCodes.OK;
    }
}
