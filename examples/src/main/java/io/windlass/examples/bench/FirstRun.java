package io.windlass.examples.bench;

import io.windlass.statemachine.TaskState;
import io.windlass.statemachine.Transition;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts tasks that are "running": claimed and their first transition (the handler's first result) stored. Remembers
 * when the last one got there. Thread-safe.
 */
class FirstRun implements Tracker {
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final AtomicInteger running = new AtomicInteger();
    private volatile long lastNanos;

    int running() {
        return running.get();
    }

    long lastNanos() {
        return lastNanos;
    }

    @Override
    public void stored(String node, String taskId, Transition transition, TaskState state) {
        if (seen.add(taskId)) {
            lastNanos = System.nanoTime();
            running.incrementAndGet();
        }
    }
}
