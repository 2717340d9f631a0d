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

    /**
     * A command was stored for a task this node claims. Per task in store order, and never before the result of the
     * claim it belongs to: a command stored while this node's claim of the task is on its way is delivered after that
     * claim's future completed, and only if the claim was won (see {@link Coordinator#claim}). It may be delivered
     * twice, or also in {@link Claim#pending()}: dedupe by id. A command for a task this node does not own (a late
     * hint about an earlier claim) can be ignored: it stays stored.
     */
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
