package io.windlass.bench;

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
    private final AtomicInteger claims = new AtomicInteger();
    private volatile long firstClaimNanos;
    private volatile long lastClaimNanos;
    private volatile long firstRunNanos;

    /** Claims reported (won; a lost claim is not subtracted). */
    int claims() {
        return claims.get();
    }

    /** When the first claim was reported ({@link System#nanoTime}), 0 before. */
    long firstClaimNanos() {
        return firstClaimNanos;
    }

    /** When the latest claim was reported, 0 before. */
    long lastClaimNanos() {
        return lastClaimNanos;
    }

    /** When the first task got running, 0 before. */
    long firstRunNanos() {
        return firstRunNanos;
    }

    @Override
    public void claimed(String node, String taskId) {
        long now = System.nanoTime();
        if (claims.getAndIncrement() == 0) {
            firstClaimNanos = now;
        }
        lastClaimNanos = now;
    }

    int running() {
        return running.get();
    }

    long lastNanos() {
        return lastNanos;
    }

    @Override
    public void stored(String node, String taskId, Transition transition, TaskState state) {
        if (seen.add(taskId)) {
            long now = System.nanoTime();
            lastNanos = now;
            if (running.getAndIncrement() == 0) {
                firstRunNanos = now;
            }
        }
    }
}
