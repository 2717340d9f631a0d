package io.windlass.consumer.spi;

/**
 * Events from a {@link Coordinator} to its consumer. Called on the coordinator's own thread(s); implementations must
 * return quickly (hand the event to a mailbox) and must not throw. Events are hints: correctness comes from the
 * fenced writes, so a duplicate or late event is harmless.
 */
public interface CoordinatorListener {

    /** {@code task} exists, is not finished and nobody claims it (at start-up, on submit, on release or expiry). */
    void taskOffered(TaskRecord task);

    /** This node's claim with {@code fence} on the task is gone (expired, deleted, lease lost). */
    void claimLost(String taskId, long fence);

    /** A command was stored for a task this node claims. */
    void commandArrived(String taskId, TaskCommand command);

    /** A command for this node. Acknowledge it with {@link Coordinator#ackNodeCommand}. */
    void nodeCommand(NodeCommand command);

    /**
     * A task was claimed by another node ({@code nodeId}): a hint that lets this node stop trying to claim it. It may
     * be late or duplicated; a node must never let it affect a task it owns. The default ignores it.
     */
    default void taskTaken(String taskId, String nodeId) {
    }
}
