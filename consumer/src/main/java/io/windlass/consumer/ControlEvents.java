package io.windlass.consumer;

import io.windlass.consumer.spi.CoordinatorListener;
import io.windlass.consumer.spi.NodeCommand;
import io.windlass.consumer.spi.TaskCommand;
import io.windlass.consumer.spi.TaskRecord;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The consumer's {@link CoordinatorListener}: hands every event to the control mailbox and returns at once (called on
 * the coordinator's threads; never throws).
 */
final class ControlEvents implements CoordinatorListener {
    /** The claim-lost handler. */
    @FunctionalInterface
    interface ClaimLost {
        void lost(String taskId, long fence);
    }

    private final Mailbox mailbox;
    private final Consumer<TaskRecord> offered;
    private final ClaimLost claimLost;
    private final BiConsumer<String, TaskCommand> commandArrived;
    private final Consumer<NodeCommand> nodeCommand;
    private final BiConsumer<String, String> taskTaken;

    ControlEvents(Mailbox mailbox, Consumer<TaskRecord> offered, ClaimLost claimLost,
                  BiConsumer<String, TaskCommand> commandArrived, Consumer<NodeCommand> nodeCommand,
                  BiConsumer<String, String> taskTaken) {
        this.mailbox = mailbox;
        this.offered = offered;
        this.claimLost = claimLost;
        this.commandArrived = commandArrived;
        this.nodeCommand = nodeCommand;
        this.taskTaken = taskTaken;
    }

    @Override
    public void taskOffered(TaskRecord task) {
        mailbox.post(() -> offered.accept(task));
    }

    @Override
    public void claimLost(String taskId, long fence) {
        mailbox.post(() -> claimLost.lost(taskId, fence));
    }

    @Override
    public void commandArrived(String taskId, TaskCommand command) {
        mailbox.post(() -> commandArrived.accept(taskId, command));
    }

    @Override
    public void nodeCommand(NodeCommand command) {
        mailbox.post(() -> nodeCommand.accept(command));
    }

    @Override
    public void taskTaken(String taskId, String nodeId) {
        mailbox.post(() -> taskTaken.accept(taskId, nodeId));
    }
}
