package io.windlass.etcd;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tasks this node claims, with their fences, and which of them this node is releasing itself (so the watch event
 * of its own claim delete is not reported as a lost claim). Thread-safe; removal is fenced so a stale event removes
 * nothing.
 */
final class Ownership {
    private final ConcurrentHashMap<String, Long> fences = new ConcurrentHashMap<>();
    private final Set<String> releasing = ConcurrentHashMap.newKeySet();

    void claimed(String taskId, long fence) {
        fences.put(taskId, fence);
    }

    /** The fence this node holds on the task, or 0. */
    long fence(String taskId) {
        return fences.getOrDefault(taskId, 0L);
    }

    /** This node is about to delete its own claim (release, or a releasing/finishing write). */
    void releasing(String taskId, long fence) {
        releasing.add(mark(taskId, fence));
    }

    /** The release did not happen (the write failed without effect). */
    void releaseAborted(String taskId, long fence) {
        releasing.remove(mark(taskId, fence));
    }

    boolean isReleasing(String taskId, long fence) {
        return releasing.contains(mark(taskId, fence));
    }

    /** Forgets the task if it is still held with {@code fence}; true if it was. */
    boolean remove(String taskId, long fence) {
        releasing.remove(mark(taskId, fence));
        return fences.remove(taskId, fence);
    }

    Map<String, Long> snapshot() {
        return Map.copyOf(fences);
    }

    private static String mark(String taskId, long fence) {
        return taskId + "@" + fence;
    }
}
