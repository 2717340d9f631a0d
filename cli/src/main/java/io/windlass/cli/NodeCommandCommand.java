package io.windlass.cli;

import io.windlass.consumer.spi.NodeCommand;
import io.windlass.consumer.spi.NodeInfo;
import io.windlass.consumer.spi.TaskRecord;
import io.windlass.cli.support.Json;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code node-command NODE freeze|unfreeze|balance|stop-task [ID]}: sends a command to a live node. */
@Command(name = "node-command", mixinStandardHelpOptions = true,
        header = "Send a command to a live node (freeze, unfreeze, balance, stop-task).",
        description = {"Send a command to a live node: freeze (stop claiming), unfreeze, balance (run the balancer now),",
                "stop-task ID (release that task so another node takes it). Exit 2 if the node is not live."})
final class NodeCommandCommand extends StoreCommand {
    enum Action {
        freeze(NodeCommand.FREEZE), unfreeze(NodeCommand.UNFREEZE), balance(NodeCommand.BALANCE),
        stop_task(NodeCommand.STOP_TASK);

        final String kind;

        Action(String kind) {
            this.kind = kind;
        }
    }

    @Parameters(index = "0", paramLabel = "NODE", description = "the node id (see 'nodes')")
    String node;

    @Parameters(index = "1", paramLabel = "ACTION", description = "freeze, unfreeze, balance or stop-task")
    String actionName;

    @Parameters(index = "2", arity = "0..1", paramLabel = "ID", description = "the task id, for stop-task")
    String taskId;

    private Action action;

    @Override
    void validate() {
        try {
            action = Action.valueOf(actionName.replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "unknown node action '" + actionName + "': use freeze, unfreeze, balance or stop-task");
        }
        if ((action == Action.stop_task) != (taskId != null)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    action == Action.stop_task ? "stop-task needs a task ID" : actionName + " takes no task ID");
        }
        if (taskId != null) {
            TaskRecord.requireValidId(taskId);
        }
    }

    @Override
    int run(Connection connection, Printer out) {
        List<NodeInfo> live = connection.client().nodes();
        if (live.stream().noneMatch(n -> n.nodeId().equals(node))) {
            ErrorReporter.report(spec.commandLine(), out.json(), "NODE_NOT_FOUND", "node " + node + " is not live"
                    + " (live nodes: " + live.stream().map(NodeInfo::nodeId).toList() + ")");
            return ExitCodes.REJECTED;
        }
        String id = connection.client().nodeCommand(node, action.kind, taskId);
        if (out.json()) {
            out.document(Json.object().put("node", node).put("kind", action.kind).put("taskId", taskId)
                    .put("commandId", id));
        } else {
            out.line("sent " + action.kind + (taskId == null ? "" : " " + taskId) + " to node " + node
                    + " (command " + id + ")");
        }
        return ExitCodes.OK;
    }
}
