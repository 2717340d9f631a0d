package io.windlass.consumer.client;

import io.windlass.statemachine.StateCode;

/**
 * A task list query; null fields match everything.
 *
 * @param state only tasks in this state
 * @param owner only tasks claimed by this node
 * @param after page cursor: only ids greater than this
 * @param limit at most this many (1..10000)
 */
public record TaskFilter(StateCode state, String owner, String after, int limit) {
    public TaskFilter {
        if (limit < 1 || limit > 10_000) {
            throw new IllegalArgumentException("limit must be 1..10000, was " + limit);
        }
    }

    public static TaskFilter all() {
        return new TaskFilter(null, null, null, 10_000);
    }
}
