package io.windlass.etcd;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The tasks this node claims, with their fences, and which of them this node is deleting the claim of itself (a
 * release, or a releasing/finishing write, in flight). A claim delete seen while such a write is in flight is held
 * back, not reported: whether it was the node's own delete is known only from the write's answer
 * ({@link #settle}) — committed: ours, dropped silently; fence lost or certainly not applied: a real loss, reported
 * then; failed retryably (maybe applied): held back until the retry settles it. So the node's own deletes are not
 * reported as lost claims, and a real loss (a delete by someone else, a lease expiry) is never hidden — at worst
 * reported one write retry later. Removal is fenced so a stale event removes nothing. Thread-safe (one monitor: the events thread
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
        deletedWhileReleasing.remove(m);
        return fences.remove(taskId, fence);
    }

    /** How the node's own claim delete (release, releasing/finishing write) ended. */
    enum Settled {
        /** Committed: the claim was deleted by this node. */
        DELETED,
        /** The claim was not held with the fence any more. */
        FENCE_LOST,
        /** Certainly not applied (refused before or by etcd, not retryable). */
        NOT_APPLIED,
        /** Failed retryably: it may have been applied (answer lost); the caller retries, the retry settles it. */
        UNKNOWN
    }

    /**
     * The node's own claim delete got its answer. Returns true if a loss must be reported now: the claim was not ours
     * any more, or a delete was seen while a delete that was certainly not applied was in flight. After
     * {@link Settled#UNKNOWN} a delete seen meanwhile stays held back (the claim stays owned) until the retry settles
     * it; any other loss signal for that fence before the retry ({@link #lost}) is reported as usual.
     */
    synchronized boolean settle(String taskId, long fence, Settled how) {
        String m = mark(taskId, fence);
        releasing.remove(m);
        switch (how) {
            case DELETED -> {
                deletedWhileReleasing.remove(m);
                fences.remove(taskId, fence);
                return false;
            }
            case FENCE_LOST -> {
                deletedWhileReleasing.remove(m);
                return fences.remove(taskId, fence);
            }
            case NOT_APPLIED -> {
                return deletedWhileReleasing.remove(m) && fences.remove(taskId, fence);
            }
            default -> {
                return false;
            }
        }
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
