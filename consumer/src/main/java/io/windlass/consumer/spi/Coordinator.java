package io.windlass.consumer.spi;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The consumer's view of the shared store (SPI): one instance per consumer node. Implementations: the etcd
 * coordinator and the in-memory one in {@code windlass-testing}. All futures complete on the coordinator's threads;
 * they complete exceptionally only with a {@link io.windlass.statemachine.WindlassException}.
 */
public interface Coordinator extends AutoCloseable {

    /**
     * Registers the node and starts delivering events. Offers every claimable task once at start.
     *
     * @throws io.windlass.statemachine.WindlassException ILLEGAL_STATE if started twice, UNAVAILABLE if the store
     *     cannot be reached, NODE_ID_TAKEN (naming the holder) if another live process already uses {@code nodeId}
     */
    void start(String nodeId, CoordinatorListener listener);

    /**
     * Like {@link #start(String, CoordinatorListener)}, and advertises the task types this node has handlers for in
     * its registration ({@link NodeInfo#handlerTypes()}), so that readers can tell a task nobody can run. The default
     * ignores them (the node then advertises none: "unknown").
     */
    default void start(String nodeId, Set<String> handlerTypes, CoordinatorListener listener) {
        start(nodeId, listener);
    }

    /**
     * Claims a task: succeeds only if nobody claims it, it exists, is not finished and not quarantined. The returned
     * claim carries a fresh fence, the stored state and pending commands.
     *
     * <p>The task's commands and this claim — the coordinator orders them, so the consumer buffers nothing:
     * <ul>
     *   <li>commands stored before the claim come in {@link Claim#pending()}, in store order;</li>
     *   <li>a command stored after the claim (while it is on its way, or later) is delivered through
     *   {@link CoordinatorListener#commandArrived} only after this future completed — after the dependent stages
     *   registered on it before it completed have run — and in store (create-revision) order;</li>
     *   <li>if the claim is not won (or fails), such commands are never delivered to this node: they stay stored for
     *   whoever claims the task.</li>
     * </ul>
     * A coordinator that hears of a command while the claim is on its way holds it until the claim's answer. Events
     * about an earlier claim of the task that were already on their way may still arrive meanwhile; they are hints
     * (the command stays stored until acknowledged, so a later claim reads it).
     *
     * <p>May be called from any thread. The future completes on the coordinator's thread (or the in-memory cluster's
     * event executor); a caller that registers its reaction after the future completed must itself order it before
     * the commands delivered since. It completes exceptionally (with a
     * {@link io.windlass.statemachine.WindlassException}) when the claim could not be made or its outcome could not be
     * learnt; the node then does not run the task.
     */
    CompletableFuture<ClaimResult> claim(String taskId);

    /** A fenced write (see {@link StateWrite}). Never completes exceptionally: failures are {@link WriteResult}s. */
    CompletableFuture<WriteResult> write(StateWrite write);

    /** Fenced release of a claim without a state change (e.g. balancing). Completes false if the fence was lost. */
    CompletableFuture<Boolean> release(String taskId, long fence);

    /** Live nodes and their claim counts (this node included). */
    CompletableFuture<List<NodeInfo>> nodes();

    /** Marks this node draining (shutting down): balancers of other nodes stop counting it. */
    CompletableFuture<Void> setDraining(boolean draining);

    /** Acknowledges (deletes) a node command. */
    CompletableFuture<Void> ackNodeCommand(String commandId);

    /**
     * Leaves the cluster: unregisters the node and drops its remaining claims (so others can take them at once).
     * Idempotent. Callers release their tasks first (fenced) during a graceful shutdown.
     */
    @Override
    void close();
}
