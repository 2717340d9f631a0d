package io.windlass.consumer.client;

import io.windlass.consumer.spi.StoredState;

/**
 * One stored state change of a task, as {@link TaskClient#watchStates} delivers it.
 *
 * @param taskId   the task
 * @param before   the state before the change; null for a new task (or when the store no longer has it)
 * @param after    the state after the change; null for a deleted task
 * @param revision the store revision of the change
 */
public record StateChange(String taskId, StoredState before, StoredState after, long revision) {
    public StateChange {
        if (taskId == null || taskId.isEmpty()) {
            throw new IllegalArgumentException("taskId is required");
        }
    }
}
