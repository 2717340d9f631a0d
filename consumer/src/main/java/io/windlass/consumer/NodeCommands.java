package io.windlass.consumer;

import io.windlass.consumer.spi.NodeCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves operators' node commands: {@code freeze}, {@code unfreeze}, {@code balance}, {@code stop_task <id>}. An
 * unknown kind (say, from a newer client) is logged and ignored. Every command is acknowledged, whatever happened,
 * so none is served twice or left behind. Used from the control mailbox.
 */
final class NodeCommands {
    private static final Logger LOG = LoggerFactory.getLogger(NodeCommands.class);

    /** What the control loop does for each kind. */
    interface Actions {
        void freeze();

        void unfreeze();

        void balance();

        void stopTask(String taskId, String commandId);
    }

    private final Engine engine;
    private final Actions actions;

    NodeCommands(Engine engine, Actions actions) {
        this.engine = engine;
        this.actions = actions;
    }

    void serve(NodeCommand command) {
        try {
            switch (command.kind()) {
                case NodeCommand.FREEZE -> actions.freeze();
                case NodeCommand.UNFREEZE -> actions.unfreeze();
                case NodeCommand.BALANCE -> actions.balance();
                case NodeCommand.STOP_TASK -> actions.stopTask(command.taskId(), command.id());
                default -> LOG.warn("node {}: unknown node command kind '{}' (id {}); acknowledged and ignored",
                        engine.nodeId(), command.kind(), command.id());
            }
        } catch (RuntimeException e) {
            LOG.error("node {}: node command {} ({}) failed; acknowledged", engine.nodeId(), command.id(),
                    command.kind(), e);
        } finally {
            acknowledge(command);
        }
    }

    private void acknowledge(NodeCommand command) {
        Async.quietly(LOG, "node " + engine.nodeId() + ": ack of node command " + command.id(),
                () -> engine.coordinator().ackNodeCommand(command.id()));
    }
}
