package io.windlass.bench;

import io.windlass.statemachine.TaskState;
import io.windlass.statemachine.Transition;

/** What a benchmark observes from its engine nodes. Called on the consumers' event-loop threads: thread-safe. */
interface Tracker {
    Tracker NONE = new Tracker() { };

    default void claimed(String node, String taskId) {
    }

    /** A claim txn of the node was answered ({@code won}, {@code lost}, {@code failed}); see ConsumerListener. */
    default void claimAttempted(String node, String taskId, String result, java.time.Duration latency,
                                java.time.Duration sinceOffer) {
    }

    /** The node lost its claim of the task ({@code reason} as the consumer reports it). */
    default void claimLost(String node, String taskId, String reason) {
    }

    /** The node released the task (its release is stored). */
    default void released(String node, String taskId) {
    }

    default void stored(String node, String taskId, Transition transition, TaskState state) {
    }
}
