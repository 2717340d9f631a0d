package io.windlass.etcd;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The tasks this node claims, with their fences. Thread-safe; removal is fenced so a stale event removes nothing. */
final class Ownership {
    private final ConcurrentHashMap<String, Long> fences = new ConcurrentHashMap<>();

    void claimed(String taskId, long fence) {
        fences.put(taskId, fence);
    }

    /** The fence this node holds on the task, or 0. */
    long fence(String taskId) {
        return fences.getOrDefault(taskId, 0L);
    }

    /** Forgets the task if it is still held with {@code fence}; true if it was. */
    boolean remove(String taskId, long fence) {
        return fences.remove(taskId, fence);
    }

    Map<String, Long> snapshot() {
        return Map.copyOf(fences);
    }

    int size() {
        return fences.size();
    }
}
