package io.windlass.embedded;

import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.WindlassException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The fault-injection hooks of {@link InMemoryCluster}: crashes, partitions, lease expiry, corrupt bytes. */
final class Faults {
    private static final Logger LOG = LoggerFactory.getLogger(Faults.class);

    private final Store store;
    /** Cut-off node sessions by id (guarded by the store lock); kept after their lease expired, until healed. */
    private final Map<String, NodeEntry> partitioned = new HashMap<>();

    Faults(Store store) {
        this.store = store;
    }

    void kill(String nodeId) {
        Objects.requireNonNull(nodeId, "nodeId");
        store.tx(events -> {
            NodeEntry node = registered(nodeId);
            if (node.status == NodeEntry.Status.KILLED) {
                return null;
            }
            partitioned.remove(nodeId);
            node.status = NodeEntry.Status.KILLED;
            startLeaseCountdown(node);
            LOG.info("node {} killed; its lease expires in {}", nodeId, store.leaseTtl);
            return null;
        });
    }

    void partition(String nodeId) {
        Objects.requireNonNull(nodeId, "nodeId");
        store.tx(events -> {
            NodeEntry node = registered(nodeId);
            if (node.status != NodeEntry.Status.LIVE) {
                throw new WindlassException(ErrorCode.INVALID_ARGUMENT, "node " + nodeId + " is " + node.status);
            }
            node.status = NodeEntry.Status.PARTITIONED;
            partitioned.put(nodeId, node);
            startLeaseCountdown(node);
            return null;
        });
    }

    void heal(String nodeId) {
        Objects.requireNonNull(nodeId, "nodeId");
        store.tx(events -> {
            NodeEntry node = partitioned.remove(nodeId);
            if (node == null || node.status != NodeEntry.Status.PARTITIONED) {
                throw new WindlassException(ErrorCode.INVALID_ARGUMENT, "node " + nodeId + " is not partitioned");
            }
            if (node.expiry != null) {
                node.expiry.cancel();
                node.expiry = null;
            }
            if (store.nodes.get(nodeId) == node) {
                node.status = NodeEntry.Status.LIVE;
                resendMissed(node, events);
            } else if (store.nodes.containsKey(nodeId)) {
                node.status = NodeEntry.Status.GONE; // its id was taken by a new session meanwhile
            } else {
                node.status = NodeEntry.Status.LIVE; // a new lease: registered again, with no claims
                store.nodes.put(nodeId, node);
                store.nextRevision();
            }
            if (node.status == NodeEntry.Status.LIVE && !node.draining) {
                store.offerAll(node, events);
            }
            return null;
        });
    }

    boolean expireClaim(String taskId) {
        Objects.requireNonNull(taskId, "taskId");
        return store.tx(events -> {
            TaskEntry task = store.tasks.get(taskId);
            if (task == null || task.owner == null) {
                return false;
            }
            store.dropClaim(task, true, events);
            return true;
        });
    }

    void corruptState(String taskId, byte[] raw) {
        Objects.requireNonNull(raw, "raw");
        store.tx(events -> {
            TaskEntry task = store.tasks.get(taskId);
            if (task == null) {
                throw new WindlassException(ErrorCode.TASK_NOT_FOUND, "task " + taskId + " does not exist");
            }
            task.state = null;
            task.rawState = raw.clone();
            task.rawStateReason = "undecodable state (" + raw.length + " bytes) at " + store.key("state", taskId);
            store.nextRevision();
            return null;
        });
    }

    void corruptTask(String taskId, byte[] raw) {
        Objects.requireNonNull(raw, "raw");
        store.tx(events -> {
            TaskEntry task = store.tasks.computeIfAbsent(taskId, TaskEntry::new);
            task.record = null;
            task.rawTask = raw.clone();
            task.rawTaskReason = "undecodable task record (" + raw.length + " bytes) at " + store.key("tasks", taskId);
            store.nextRevision();
            return null;
        });
    }

    private NodeEntry registered(String nodeId) {
        NodeEntry node = store.nodes.get(nodeId);
        if (node == null) {
            throw new WindlassException(ErrorCode.INVALID_ARGUMENT, "no registered node '" + nodeId + "'");
        }
        return node;
    }

    private void startLeaseCountdown(NodeEntry node) {
        if (node.expiry == null) {
            node.expiry = store.scheduler.schedule(store.now().plus(store.leaseTtl), () -> expireLease(node));
        }
    }

    /** The lease of a crashed or cut-off node ran out: its registration, claims and node commands go. */
    private void expireLease(NodeEntry node) {
        store.tx(events -> {
            if (store.nodes.get(node.id) != node || node.status == NodeEntry.Status.LIVE) {
                return null;
            }
            node.expiry = null;
            store.nodes.remove(node.id);
            node.commands.clear();
            store.nextRevision();
            LOG.info("lease of node {} ({}) expired: releasing its claims", node.id, node.status);
            if (node.status == NodeEntry.Status.PARTITIONED) {
                reportMissedLosses(node, events);
            }
            for (TaskEntry task : store.claimsOf(node.id)) {
                if (node.status == NodeEntry.Status.PARTITIONED) {
                    long fence = task.fence;
                    events.deliverLocal(node, "claimLost(" + task.id + ", " + fence + ")",
                            l -> l.claimLost(task.id, fence));
                }
                store.dropClaim(task, false, events);
            }
            return null;
        });
    }

    private static void reportMissedLosses(NodeEntry node, Events events) {
        node.missedLosses.forEach((taskId, fence) -> events.deliverLocal(node,
                "claimLost(" + taskId + ", " + fence + ")", l -> l.claimLost(taskId, fence)));
        node.missedLosses.clear();
    }

    /** After a short partition: what the node's watch would have delivered on resume. */
    private void resendMissed(NodeEntry node, Events events) {
        reportMissedLosses(node, events);
        for (TaskEntry task : store.claimsOf(node.id)) {
            task.commands.values().forEach(command -> events.deliver(node,
                    "commandArrived(" + task.id + ", " + command.id() + ")", l -> l.commandArrived(task.id, command)));
        }
        node.commands.values().forEach(command ->
                events.deliver(node, "nodeCommand(" + command.id() + ")", l -> l.nodeCommand(command)));
    }
}
