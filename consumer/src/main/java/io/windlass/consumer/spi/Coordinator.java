package io.windlass.consumer.spi;

import java.util.List;
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
     * Claims a task: succeeds only if nobody claims it, it exists, is not finished and not quarantined. The returned
     * claim carries a fresh fence, the stored state and pending commands.
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
