package io.windlass.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.windlass.consumer.client.TaskFilter;
import io.windlass.consumer.client.TaskPage;
import io.windlass.consumer.client.TaskView;
import io.windlass.statemachine.Command;
import io.windlass.statemachine.StateCode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The cursor-paged list on real etcd: pages of every size partition the ids in order, carry each task's pending
 * commands (also for ids whose command keys sort unlike the ids), honour prefix and state filters, and a state filter
 * that matches nothing stops at the scan budget with a cursor that continues the scan; a page bounded through an id
 * reads only up to it and continues after it.
 */
class PageReaderIT extends EtcdFixture {
    PageReaderIT() {
        super("page");
    }

    @Test
    void pagesPartitionTheIdsWithTheirCommands() {
        List<String> ids = submitted("a", "a-1", "a.1", "a1", "b", "b-x", "c");
        client.command("a", Command.pause());
        client.command("a-1", Command.pause());
        client.command("a-1", Command.kill());
        for (int limit = 1; limit <= ids.size() + 1; limit++) {
            List<TaskView> seen = new ArrayList<>();
            String after = null;
            do {
                TaskPage p = client.page(new TaskFilter(null, null, after, limit));
                assertThat(p.tasks()).hasSizeLessThanOrEqualTo(limit);
                seen.addAll(p.tasks());
                after = p.nextAfter();
            } while (after != null);
            assertThat(seen).extracting(TaskView::id).as("limit %d", limit).containsExactlyElementsOf(ids);
            assertThat(seen.get(0).pending()).hasSize(1);
            assertThat(seen.get(1).pending()).extracting(c -> c.command().kind().name())
                    .containsExactly("PAUSE", "KILL");
        }
        assertThat(client.page(new TaskFilter(null, null, null, 10, null, "a")).tasks()).extracting(TaskView::id)
                .containsExactly("a", "a-1", "a.1", "a1");
        assertThat(client.page(new TaskFilter(null, null, "a-1", 10, null, "a")).tasks()).extracting(TaskView::id)
                .containsExactly("a.1", "a1");
        assertThat(client.page(new TaskFilter(StateCode.RUNNABLE, null, "b", 2)).tasks()).extracting(TaskView::id)
                .containsExactly("b-x", "c");
        assertThat(client.list(new TaskFilter(null, null, "a1", 3))).extracting(TaskView::id)
                .containsExactly("b", "b-x", "c");
    }

    @Test
    void aStateFilterStopsAtTheScanBudgetWithACursor() {
        int n = PageReader.SCAN_BUDGET + 50;
        for (int i = 0; i < n; i += 100) {
            List<String> batch = new ArrayList<>();
            for (int j = i; j < Math.min(n, i + 100); j++) {
                batch.add(String.format("t%05d", j));
            }
            submitted(batch.toArray(String[]::new));
        }
        TaskPage first = client.page(new TaskFilter(StateCode.PAUSED, null, null, 10));
        assertThat(first.tasks()).isEmpty();
        assertThat(first.nextAfter()).as("the budget ran out: continue from here").isNotNull();
        TaskPage second = client.page(new TaskFilter(StateCode.PAUSED, null, first.nextAfter(), 10));
        assertThat(second.tasks()).isEmpty();
        assertThat(second.nextAfter()).as("the rest fits the budget: the end").isNull();
        assertThat(client.list(new TaskFilter(StateCode.PAUSED, null, null, 10))).isEmpty();
        assertThat(PageReader.commandKeyBound("t-1")).isEqualTo("t/\uffff");
        assertThat(PageReader.commandKeyBound("abc")).isEqualTo("abc/\uffff");
    }

    @Test
    void aPageBoundedThroughAnIdReadsOnlyUpToItAndContinuesAfterIt() {
        List<String> ids = submitted("a", "a-1", "a.1", "a1", "b", "b-x", "c");
        client.command("a-1", Command.pause());

        TaskPage first = client.page(new TaskFilter(null, null, null, 10), "a1");
        assertThat(first.tasks()).extracting(TaskView::id).containsExactly("a", "a-1", "a.1", "a1");
        assertThat(first.tasks().get(1).pending()).as("commands of a bounded page").hasSize(1);
        assertThat(first.nextAfter()).as("reached its bound: continues after it").isEqualTo("a1");
        TaskPage next = client.page(new TaskFilter(null, null, first.nextAfter(), 10), "b-x");
        assertThat(next.tasks()).extracting(TaskView::id).containsExactly("b", "b-x");
        assertThat(next.nextAfter()).isEqualTo("b-x");

        TaskPage full = client.page(new TaskFilter(null, null, null, 2), "b");
        assertThat(full.tasks()).extracting(TaskView::id).containsExactly("a", "a-1");
        assertThat(full.nextAfter()).as("filled before its bound").isEqualTo("a-1");
        TaskPage filtered = client.page(new TaskFilter(StateCode.RUNNABLE, null, "a", 10), "a.1");
        assertThat(filtered.tasks()).extracting(TaskView::id).containsExactly("a-1", "a.1");
        assertThat(filtered.nextAfter()).isEqualTo("a.1");
        assertThatThrownBy(() -> client.page(new TaskFilter(null, null, "b", 10), "a"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("after the cursor");
    }

    /** Submits a task of each id (in order); returns the ids. */
    private List<String> submitted(String... ids) {
        for (String id : ids) {
            client.submit(id, "contract", JsonNodeFactory.instance.objectNode());
        }
        return List.of(ids);
    }
}
