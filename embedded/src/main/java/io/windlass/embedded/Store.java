package io.windlass.embedded;

import io.windlass.consumer.client.TaskView;
import io.windlass.consumer.spi.NodeInfo;
import io.windlass.consumer.spi.StoredState;
import io.windlass.consumer.spi.TaskRecord;
import io.windlass.consumer.time.TaskScheduler;
import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.WindlassException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The shared in-memory "etcd" of one namespace: all data behind one lock, a revision counter that every change
 * increments (like etcd's), and the helpers the coordinator, the client and the fault hooks share. Every operation
 * runs inside {@link #tx}, which collects the listener events and posts them after the lock is released.
 */
final class Store {
    final String namespace;
    final TaskScheduler scheduler;
    final Executor eventExecutor;
    final Duration leaseTtl;
    final int historyLimit;

    private final ReentrantLock lock = new ReentrantLock();
    // Everything below is guarded by lock.
    private long revision;
    final TreeMap<String, TaskEntry> tasks = new TreeMap<>();
    /** Ids that reached a terminal state: never accepted again, even after a delete. */
    final Set<String> finished = new HashSet<>();
    final Map<String, ArrayDeque<StoredVersion>> history = new HashMap<>();
    /** Registered node sessions (live, or crashed/cut off with an unexpired lease). */
    final TreeMap<String, NodeEntry> nodes = new TreeMap<>();

    Store(String namespace, TaskScheduler scheduler, Executor eventExecutor, Duration leaseTtl, int historyLimit) {
        this.namespace = namespace;
        this.scheduler = scheduler;
        this.eventExecutor = eventExecutor;
        this.leaseTtl = leaseTtl;
        this.historyLimit = historyLimit;
    }

    /** Runs {@code body} under the lock, then posts the events it collected. Exceptions propagate (no events). */
    <T> T tx(Function<Events, T> body) {
        Events events = new Events();
        T result;
        lock.lock();
        try {
            result = body.apply(events);
        } finally {
            lock.unlock();
        }
        events.post(this, eventExecutor);
        return result;
    }

    /** The next store revision (every change takes one; fences are revisions, so they strictly increase). */
    long nextRevision() {
        return ++revision;
    }

    long revision() {
        lock.lock();
        try {
            return revision;
        } finally {
            lock.unlock();
        }
    }

    Instant now() {
        return scheduler.now();
    }

    boolean deliverable(NodeEntry target, boolean local) {
        lock.lock();
        try {
            return target.status == NodeEntry.Status.LIVE || (local && target.status == NodeEntry.Status.PARTITIONED);
        } finally {
            lock.unlock();
        }
    }

    /** Stores a new version of a task's state and appends it to the history (dropping the oldest over the limit). */
    StoredState putState(TaskEntry task, StoredState state) {
        task.state = state;
        task.rawState = null;
        task.rawStateReason = null;
        ArrayDeque<StoredVersion> versions = history.computeIfAbsent(task.id, id -> new ArrayDeque<>());
        versions.addLast(new StoredVersion(now(), state));
        if (versions.size() > historyLimit) {
            versions.removeFirst();
        }
        return state;
    }

    boolean claimable(TaskEntry task) {
        return tasks.get(task.id) == task && task.openAndUnclaimed() && !finished.contains(task.id);
    }

    /** Offers {@code task} to every live, non-draining node if it is claimable. */
    void offer(TaskEntry task, Events events) {
        if (!claimable(task)) {
            return;
        }
        TaskRecord record = task.record;
        for (NodeEntry node : nodes.values()) {
            if (node.status == NodeEntry.Status.LIVE && !node.draining) {
                events.deliver(node, "taskOffered(" + task.id + ")", l -> l.taskOffered(record));
            }
        }
    }

    /** Tells every other live node that {@code owner} claimed {@code task} (the taskTaken hint). */
    void taken(TaskEntry task, String owner, Events events) {
        String id = task.id;
        for (NodeEntry node : nodes.values()) {
            if (node.status == NodeEntry.Status.LIVE && !node.id.equals(owner)) {
                events.deliver(node, "taskTaken(" + id + ", " + owner + ")", l -> l.taskTaken(id, owner));
            }
        }
    }

    /** Offers every claimable task to {@code node}, in id order. */
    void offerAll(NodeEntry node, Events events) {
        for (TaskEntry task : tasks.values()) {
            if (claimable(task)) {
                TaskRecord record = task.record;
                events.deliver(node, "taskOffered(" + task.id + ")", l -> l.taskOffered(record));
            }
        }
    }

    /**
     * Deletes a task's claim (one store change) and offers the task again.
     *
     * @param notifyOwner deliver claimLost to the owner (when it is live)
     */
    void dropClaim(TaskEntry task, boolean notifyOwner, Events events) {
        if (task.owner == null) {
            return;
        }
        String owner = task.owner;
        long fence = task.fence;
        task.owner = null;
        task.fence = 0;
        nextRevision();
        NodeEntry node = nodes.get(owner);
        if (notifyOwner && node != null) {
            if (node.status == NodeEntry.Status.PARTITIONED) {
                node.missedLosses.put(task.id, fence); // told when it can hear again (heal or its lease deadline)
            } else {
                events.deliver(node, "claimLost(" + task.id + ", " + fence + ")", l -> l.claimLost(task.id, fence));
            }
        }
        offer(task, events);
    }

    /** The tasks {@code nodeId} claims, in id order. */
    List<TaskEntry> claimsOf(String nodeId) {
        List<TaskEntry> owned = new ArrayList<>();
        for (TaskEntry task : tasks.values()) {
            if (nodeId.equals(task.owner)) {
                owned.add(task);
            }
        }
        return owned;
    }

    List<NodeInfo> nodeInfos() {
        Map<String, Integer> counts = new HashMap<>();
        for (TaskEntry task : tasks.values()) {
            if (task.owner != null) {
                counts.merge(task.owner, 1, Integer::sum);
            }
        }
        List<NodeInfo> infos = new ArrayList<>();
        for (NodeEntry node : nodes.values()) {
            infos.add(new NodeInfo(node.id, node.host, node.started, counts.getOrDefault(node.id, 0), node.draining,
                    node.handlerTypes));
        }
        return infos;
    }

    TaskView view(TaskEntry task) {
        TaskView.Quarantine quarantine = null;
        if (task.rawTask != null) {
            quarantine = new TaskView.Quarantine(key("tasks", task.id), task.rawTaskReason, task.rawTask.clone());
        } else if (task.rawState != null) {
            quarantine = new TaskView.Quarantine(key("state", task.id), task.rawStateReason, task.rawState.clone());
        }
        return new TaskView(task.id, task.record, task.state, task.owner, task.fence,
                List.copyOf(task.commands.values()), quarantine);
    }

    /** The etcd-layout key of a task's {@code kind} ("tasks", "state", ...), used in quarantine reports. */
    String key(String kind, String id) {
        return "/" + namespace + "/" + kind + "/" + id;
    }

    static WindlassException error(ErrorCode code, String message) {
        return new WindlassException(code, message);
    }
}
