package io.windlass.etcd;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The tasks this node claims, with their fences, and which of them this node is deleting the claim of itself (a
 * release, or a releasing/finishing write, in flight). A claim delete seen while such a write is in flight is held
 * back, not reported: whether it was the node's own delete is known only from the write's answer
 * ({@link #settle}) — committed: ours, dropped silently; fence lost or not applied: a real loss, reported then. So the
 * node's own deletes are never reported as lost claims, and a real loss (a delete by someone else, a lease expiry)
 * is never hidden. Removal is fenced so a stale event removes nothing. Thread-safe (one monitor: the events thread
 * and the committer's thread both call it).
 */
final class Ownership {
    private final Map<String, Long> fences = new HashMap<>();
    private final Set<String> releasing = new HashSet<>();
    private final Set<String> deletedWhileReleasing = new HashSet<>();

    synchronized void claimed(String taskId, long fence) {
        fences.put(taskId, fence);
    }

    /** The fence this node holds on the task, or 0. */
    synchronized long fence(String taskId) {
        return fences.getOrDefault(taskId, 0L);
    }

    /** This node is about to delete its own claim (release, or a releasing/finishing write). */
    synchronized void releasing(String taskId, long fence) {
        releasing.add(mark(taskId, fence));
    }

    /**
     * The claim held with {@code fence} is gone (watch delete, re-list, lease lost). Returns true if the listener
     * must be told now: the task was held and no own delete of it is in flight. While one is, the loss is held back
     * until {@link #settle}.
     */
    synchronized boolean lost(String taskId, long fence) {
        String m = mark(taskId, fence);
        if (releasing.contains(m)) {
            if (fences.getOrDefault(taskId, 0L) == fence) {
                deletedWhileReleasing.add(m);
            }
            return false;
        }
        return fences.remove(taskId, fence);
    }

    /**
     * The node's own claim delete got its answer. {@code deleted}: it committed (the claim is gone by our hand);
     * {@code fenceLost}: the claim was not ours any more; neither: it was not applied and the claim stays held —
     * unless a delete was seen meanwhile, which then was someone else's. Returns true if a loss must be reported.
     */
    synchronized boolean settle(String taskId, long fence, boolean deleted, boolean fenceLost) {
        String m = mark(taskId, fence);
        releasing.remove(m);
        boolean seen = deletedWhileReleasing.remove(m);
        if (deleted) {
            fences.remove(taskId, fence);
            return false;
        }
        if (fenceLost || seen) {
            return fences.remove(taskId, fence);
        }
        return false;
    }

    /** Forgets the task if it is still held with {@code fence} (a write of it lost its fence); true if it was. */
    synchronized boolean remove(String taskId, long fence) {
        return fences.remove(taskId, fence);
    }

    synchronized Map<String, Long> snapshot() {
        return Map.copyOf(fences);
    }

    private static String mark(String taskId, long fence) {
        return taskId + "@" + fence;
    }
}
