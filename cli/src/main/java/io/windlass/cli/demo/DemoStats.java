package io.windlass.cli.demo;

import io.windlass.consumer.ConsumerListener;
import io.windlass.consumer.spi.TaskCommand;
import io.windlass.statemachine.CommandKind;
import io.windlass.statemachine.StateCode;
import io.windlass.statemachine.TaskState;
import io.windlass.statemachine.Transition;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts what the demo's nodes report: stored transitions, which nodes claimed each task (a task claimed by a second
 * node "moved"), rejected commands. Thread-safe: the nodes' event loops call in concurrently.
 */
final class DemoStats {
    private final LongAdder transitions = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder moves = new LongAdder();
    private final Map<String, Set<String>> claimers = new ConcurrentHashMap<>();
    private final Map<String, String> lastOwner = new ConcurrentHashMap<>();
    private final Set<String> watched = ConcurrentHashMap.newKeySet();
    private final java.util.function.Consumer<String> events;

    /** @param events receives a line for each move of a task and each operator command applied to a watched task */
    DemoStats(java.util.function.Consumer<String> events) {
        this.events = events;
    }

    /** Reports the operator commands (pause, run after pause, kill) applied to {@code taskId}. */
    void watch(String taskId) {
        watched.add(taskId);
    }

    /** The listener to give node {@code nodeId}'s consumer. */
    ConsumerListener listenerFor(String nodeId) {
        return new ConsumerListener() {
            @Override
            public void taskClaimed(String taskId, long fence) {
                claimers.computeIfAbsent(taskId, k -> ConcurrentHashMap.newKeySet()).add(nodeId);
                String previous = lastOwner.put(taskId, nodeId);
                if (previous != null && !previous.equals(nodeId)) {
                    moves.increment();
                    events.accept(taskId + " moved: " + previous + " -> " + nodeId + " (fence " + fence + ")");
                }
            }

            @Override
            public void transitionStored(String taskId, Transition transition, TaskState state) {
                transitions.increment();
                CommandKind c = transition.command();
                if (watched.contains(taskId) && (c == CommandKind.PAUSE || c == CommandKind.KILL
                        || (c == CommandKind.RUN && transition.from() == StateCode.PAUSED))) {
                    events.accept(taskId + ": " + transition.from() + " -" + c + "-> " + transition.to() + " on "
                            + nodeId);
                }
            }

            @Override
            public void commandRejected(String taskId, TaskCommand command, String reason) {
                rejected.increment();
            }
        };
    }

    long transitions() {
        return transitions.sum();
    }

    long rejectedCommands() {
        return rejected.sum();
    }

    /** How many times a task was claimed by a node other than its previous owner. */
    long moves() {
        return moves.sum();
    }

    /** Tasks that ran on more than one node. */
    long tasksMoved() {
        return claimers.values().stream().filter(s -> s.size() > 1).count();
    }
}
