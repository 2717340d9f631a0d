package io.windlass.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.windlass.consumer.spi.NodeInfo;
import io.windlass.cli.support.Json;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code nodes}: live nodes with their claim counts. */
@Command(name = "nodes", mixinStandardHelpOptions = true, description = "List live consumer nodes and their claims.")
final class NodesCommand extends StoreCommand {

    @Override
    int run(Connection connection, Printer out) {
        List<NodeInfo> nodes = connection.client().nodes();
        if (out.json()) {
            ArrayNode arr = Json.MAPPER.createArrayNode();
            nodes.forEach(n -> arr.add(Views.node(n)));
            out.document(Json.object().set("nodes", arr));
            return ExitCodes.OK;
        }
        String format = "%-28s %-20s %-26s %6s  %s";
        out.line(String.format(format, "NODE", "HOST", "STARTED", "CLAIMS", "STATUS"));
        for (NodeInfo n : nodes) {
            out.line(String.format(format, n.nodeId(), n.host(), n.started(), n.claims(),
                    n.draining() ? "draining" : "live"));
        }
        out.line(nodes.size() + " node(s)");
        return ExitCodes.OK;
    }
}
