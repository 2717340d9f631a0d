package io.windlass.bench;

import io.windlass.statemachine.TaskState;
import io.windlass.statemachine.Transition;

/** What a benchmark observes from its engine nodes. Called on the consumers' event-loop threads: thread-safe. */
interface Tracker {
    Tracker NONE = new Tracker() { };

    default void claimed(String node, String taskId) {
    }

    default void stored(String node, String taskId, Transition transition, TaskState state) {
    }
}
