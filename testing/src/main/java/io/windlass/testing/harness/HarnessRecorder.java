package io.windlass.testing.harness;

import io.windlass.consumer.ConsumerListener;
import io.windlass.consumer.spi.TaskCommand;
import io.windlass.statemachine.StateCode;
import io.windlass.statemachine.TaskState;
import io.windlass.statemachine.Transition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Records what every consumer of a harness reports, per task, in the order it happened. Thread-safe. */
final class HarnessRecorder {
    private final Map<String, List<Transition>> transitions = new HashMap<>();
    private final Map<String, List<TaskHarness.Rejection>> rejections = new HashMap<>();
    private final Map<String, List<TaskHarness.Claimed>> claims = new HashMap<>();
    private final Map<String, List<String>> overdue = new HashMap<>();

    /** The listener for the consumer of node {@code nodeId}. */
    ConsumerListener listenerFor(String nodeId) {
        return new ConsumerListener() {
            @Override
            public void taskClaimed(String taskId, long fence) {
                add(claims, taskId, new TaskHarness.Claimed(nodeId, fence));
            }

            @Override
            public void transitionStored(String taskId, Transition transition, TaskState state) {
                add(transitions, taskId, transition);
            }

            @Override
            public void commandRejected(String taskId, TaskCommand command, String reason) {
                add(rejections, taskId, new TaskHarness.Rejection(nodeId, command, reason));
            }

            @Override
            public void shutdownOverdue(Set<String> taskIds) {
                synchronized (HarnessRecorder.this) {
                    overdue.put(nodeId, List.copyOf(taskIds));
                }
            }

            @Override
            public void taskFinished(String taskId, StateCode state) {
                // the finishing transition is recorded by transitionStored
            }
        };
    }

    private synchronized <T> void add(Map<String, List<T>> map, String taskId, T value) {
        map.computeIfAbsent(taskId, id -> new ArrayList<>()).add(value);
    }

    synchronized List<Transition> transitions(String taskId) {
        return List.copyOf(transitions.getOrDefault(taskId, List.of()));
    }

    synchronized List<TaskHarness.Rejection> rejections(String taskId) {
        return List.copyOf(rejections.getOrDefault(taskId, List.of()));
    }

    synchronized List<TaskHarness.Claimed> claims(String taskId) {
        return List.copyOf(claims.getOrDefault(taskId, List.of()));
    }

    synchronized List<String> overdue(String nodeId) {
        return overdue.getOrDefault(nodeId, List.of());
    }
}
