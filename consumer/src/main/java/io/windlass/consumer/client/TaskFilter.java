package io.windlass.consumer.client;

import io.windlass.statemachine.StateCode;

/**
 * A task list query; null fields match everything.
 *
 * @param state  only tasks in this state
 * @param owner  only tasks claimed by this node
 * @param after  page cursor: only ids greater than this
 * @param limit  at most this many (1..10000)
 * @param type   only tasks of this handler type
 * @param prefix only ids starting with this
 */
public record TaskFilter(StateCode state, String owner, String after, int limit, String type, String prefix) {
    public TaskFilter {
        if (limit < 1 || limit > 10_000) {
            throw new IllegalArgumentException("limit must be 1..10000, was " + limit);
        }
        if (prefix != null && prefix.isEmpty()) {
            prefix = null;
        }
    }

    /** A query without type and prefix filters. */
    public TaskFilter(StateCode state, String owner, String after, int limit) {
        this(state, owner, after, limit, null, null);
    }

    public static TaskFilter all() {
        return new TaskFilter(null, null, null, 10_000);
    }

    /** True if {@code id} is past every id this filter's prefix can match (ids are visited in order). */
    public boolean pastPrefix(String id) {
        return prefix != null && !id.startsWith(prefix) && id.compareTo(prefix) > 0;
    }

    /** True if {@code id} is after the cursor and matches the prefix. */
    public boolean idMatches(String id) {
        return (after == null || id.compareTo(after) > 0) && (prefix == null || id.startsWith(prefix));
    }
}
