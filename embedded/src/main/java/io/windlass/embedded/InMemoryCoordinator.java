package io.windlass.embedded;

import io.windlass.consumer.spi.Claim;
import io.windlass.consumer.spi.ClaimResult;
import io.windlass.consumer.spi.Coordinator;
import io.windlass.consumer.spi.CoordinatorListener;
import io.windlass.consumer.spi.NodeInfo;
import io.windlass.consumer.spi.StateWrite;
import io.windlass.consumer.spi.StoredState;
import io.windlass.consumer.spi.WriteResult;
import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.WindlassException;
import io.windlass.statemachine.codec.WireCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumer node's {@link Coordinator} on an {@link InMemoryCluster}. Futures complete on the cluster's event
 * executor, like the etcd coordinator's complete on its own threads; listener events go the same way, after the
 * operation's result. A crashed or cut-off node's calls fail with UNAVAILABLE.
 *
 * <p>Commands and claims ({@link Coordinator#claim}'s contract): a claim is one store operation under the store lock,
 * so a command is stored either before it (and comes in {@link Claim#pending()}) or after it — then only the owner
 * hears of it, by an event of that later operation, which the event executor runs after the claim's result (it runs
 * one task at a time, in order, as {@link InMemoryCluster} requires for store order). A claim that is not won makes
 * this node no owner, so it hears of none of those commands.
 */
final class InMemoryCoordinator implements Coordinator {
    private static final Logger LOG = LoggerFactory.getLogger(InMemoryCoordinator.class);

    private final Store store;
    // Guarded by the store lock (only touched inside store.tx).
    private NodeEntry node;
    private boolean closed;

    InMemoryCoordinator(Store store) {
        this.store = store;
    }

    @Override
    public void start(String nodeId, CoordinatorListener listener) {
        start(nodeId, Set.of(), listener);
    }

    @Override
    public void start(String nodeId, Set<String> handlerTypes, CoordinatorListener listener) {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(handlerTypes, "handlerTypes");
        Objects.requireNonNull(listener, "listener");
        if (nodeId.isBlank() || nodeId.contains("/")) {
            throw new WindlassException(ErrorCode.INVALID_ARGUMENT, "invalid node id '" + nodeId + "'");
        }
        store.tx(events -> {
            if (node != null || closed) {
                throw new WindlassException(ErrorCode.ILLEGAL_STATE, node == null ? "coordinator is closed"
                        : "coordinator already started as " + node.id);
            }
            if (store.nodes.containsKey(nodeId)) {
                throw new WindlassException(ErrorCode.NODE_ID_TAKEN, "a live node already uses id '" + nodeId
                        + "' (a crashed node's id is free once its lease expired)");
            }
            node = new NodeEntry(nodeId, "in-memory", store.now(), handlerTypes, listener);
            store.nodes.put(nodeId, node);
            store.nextRevision();
            store.offerAll(node, events);
            return null;
        });
    }

    @Override
    public CompletableFuture<ClaimResult> claim(String taskId) {
        Objects.requireNonNull(taskId, "taskId");
        return async(events -> {
            NodeEntry me = reachableNode();
            TaskEntry task = store.tasks.get(taskId);
            String refusal = refusal(me, task);
            if (refusal != null) {
                return new ClaimResult.NotClaimed(taskId, refusal);
            }
            task.owner = me.id;
            task.fence = store.nextRevision();
            store.taken(task, me.id, events);
            return new ClaimResult.Claimed(new Claim(task.record, task.fence, task.state,
                    List.copyOf(task.commands.values())));
        });
    }

    private String refusal(NodeEntry me, TaskEntry task) {
        if (me.draining) {
            return "node " + me.id + " is draining";
        }
        if (task == null) {
            return "no such task";
        }
        if (task.quarantined()) {
            return "quarantined: " + (task.rawTask != null ? task.rawTaskReason : task.rawStateReason);
        }
        if (store.finished.contains(task.id) || task.state == null || task.state.state().code().terminal()) {
            return "finished";
        }
        if (task.owner != null) {
            return "claimed by " + task.owner + " (fence " + task.fence + ")";
        }
        return null;
    }

    @Override
    public CompletableFuture<WriteResult> write(StateWrite write) {
        Objects.requireNonNull(write, "write");
        return async(events -> {
            if (node == null) {
                return failed(ErrorCode.ILLEGAL_STATE, "coordinator not started");
            }
            if (closed || node.status == NodeEntry.Status.GONE) {
                return new WriteResult.FenceLost("node " + node.id + " left the cluster (closed or lease expired)");
            }
            if (node.status != NodeEntry.Status.LIVE) {
                return failed(ErrorCode.UNAVAILABLE, "node " + node.id + " cannot reach the store (" + node.status + ")");
            }
            try {
                WireCodec.checkDataSize(write.newState().data());
            } catch (WindlassException tooLarge) {
                return new WriteResult.Failed(tooLarge);
            }
            TaskEntry task = store.tasks.get(write.taskId());
            if (task == null) {
                return new WriteResult.FenceLost("task " + write.taskId() + " was deleted");
            }
            StoredState stored = task.state;
            if (stored != null && stored.revision() != write.expectedRevision()
                    && stored.writerFence() == write.fence() && node.id.equals(stored.writerNode())
                    && stored.state().equals(write.newState())) {
                // an idempotent retry of a write that committed: the state moved past the expected revision, to
                // exactly this write. A write of the unchanged state AT the expected revision (e.g. acking a
                // rejected command) is a new write and is applied below, acks included.
                return new WriteResult.Committed(stored);
            }
            if (!node.id.equals(task.owner) || task.fence != write.fence()) {
                return new WriteResult.FenceLost("task " + task.id + ": fence " + write.fence() + " is not current"
                        + (task.owner == null ? " (unclaimed)" : " (owner " + task.owner + ", fence " + task.fence + ")"));
            }
            if (stored == null || stored.revision() != write.expectedRevision()) {
                return new WriteResult.FenceLost("task " + task.id + ": state moved (expected revision "
                        + write.expectedRevision() + ", stored " + (stored == null ? "none" : stored.revision()) + ")");
            }
            return new WriteResult.Committed(apply(task, write, events));
        });
    }

    private StoredState apply(TaskEntry task, StateWrite write, Events events) {
        StoredState next = store.putState(task,
                new StoredState(write.newState(), store.nextRevision(), node.id, write.fence(), store.now()));
        write.ackCommandIds().forEach(task.commands::remove);
        if (write.finish()) {
            store.finished.add(task.id);
            task.owner = null;
            task.fence = 0;
            if (!task.commands.isEmpty()) {
                LOG.info("task {} finished in {}: {} pending command(s) rejected and removed: {}", task.id,
                        write.newState().code(), task.commands.size(), new ArrayList<>(task.commands.values()));
                task.commands.clear();
            }
        } else if (write.releaseClaim()) {
            task.owner = null;
            task.fence = 0;
            store.offer(task, events);
        }
        return next;
    }

    @Override
    public CompletableFuture<Boolean> release(String taskId, long fence) {
        Objects.requireNonNull(taskId, "taskId");
        return async(events -> {
            NodeEntry me = reachableNode();
            TaskEntry task = store.tasks.get(taskId);
            if (task == null || !me.id.equals(task.owner) || task.fence != fence) {
                return false;
            }
            store.dropClaim(task, false, events);
            return true;
        });
    }

    @Override
    public CompletableFuture<List<NodeInfo>> nodes() {
        return async(events -> {
            reachableNode();
            return store.nodeInfos();
        });
    }

    @Override
    public CompletableFuture<Void> setDraining(boolean draining) {
        return async(events -> {
            NodeEntry me = reachableNode();
            if (me.draining != draining) {
                me.draining = draining;
                store.nextRevision();
                if (!draining) {
                    store.offerAll(me, events); // offers it skipped while draining
                }
            }
            return null;
        });
    }

    @Override
    public CompletableFuture<Void> ackNodeCommand(String commandId) {
        Objects.requireNonNull(commandId, "commandId");
        return async(events -> {
            NodeEntry me = reachableNode();
            if (me.commands.remove(commandId) != null) {
                store.nextRevision();
            }
            return null;
        });
    }

    @Override
    public void close() {
        store.tx(events -> {
            if (closed) {
                return null;
            }
            closed = true;
            if (node != null && node.status == NodeEntry.Status.PARTITIONED) {
                node.status = NodeEntry.Status.GONE; // cannot reach the store: its lease runs out on its own
                return null;
            }
            if (node != null && node.status == NodeEntry.Status.LIVE && store.nodes.get(node.id) == node) {
                node.status = NodeEntry.Status.GONE;
                store.nodes.remove(node.id);
                store.nextRevision();
                for (TaskEntry task : store.claimsOf(node.id)) {
                    store.dropClaim(task, false, events);
                }
            }
            return null;
        });
    }

    /** This node if it can act now; else throws ILLEGAL_STATE (not started/closed) or UNAVAILABLE (cut off). */
    private NodeEntry reachableNode() {
        if (node == null) {
            throw new WindlassException(ErrorCode.ILLEGAL_STATE, "coordinator not started");
        }
        if (closed) {
            throw new WindlassException(ErrorCode.ILLEGAL_STATE, "coordinator of node " + node.id + " is closed");
        }
        if (node.status != NodeEntry.Status.LIVE) {
            throw new WindlassException(ErrorCode.UNAVAILABLE,
                    "node " + node.id + " cannot reach the store (" + node.status + ")");
        }
        return node;
    }

    private <T> CompletableFuture<T> async(Function<Events, T> operation) {
        CompletableFuture<T> future = new CompletableFuture<>();
        try {
            store.tx(events -> {
                T result = operation.apply(events);
                events.complete(() -> future.complete(result));
                return result;
            });
        } catch (RuntimeException e) {
            WindlassException error = e instanceof WindlassException w ? w
                    : new WindlassException(ErrorCode.INTERNAL, "in-memory coordinator bug: " + e, e);
            Events failure = new Events();
            failure.complete(() -> future.completeExceptionally(error));
            failure.post(store, store.eventExecutor);
        }
        return future;
    }

    private static WriteResult failed(ErrorCode code, String message) {
        return new WriteResult.Failed(new WindlassException(code, message));
    }

    @Override
    public String toString() {
        return "InMemoryCoordinator[" + (node == null ? "not started" : node.id) + "]";
    }
}
