package io.windlass.consumer.client;

import java.util.List;
import java.util.Objects;

/**
 * One page of {@link TaskClient#page}: the matching tasks, ordered by id, and where the next page starts.
 *
 * @param tasks     at most the filter's limit, ordered by id
 * @param nextAfter the {@link TaskFilter#after()} of the next page, or null when nothing after this page can match;
 *                  it may follow the last task of this page (a state/owner/type filter's scan budget ran out before
 *                  the page filled: there may be matches after it, possibly fewer than the limit or none)
 */
public record TaskPage(List<TaskView> tasks, String nextAfter) {
    public TaskPage {
        tasks = List.copyOf(Objects.requireNonNull(tasks, "tasks"));
    }
}
