package io.windlass.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.windlass.statemachine.StateCode;
import java.time.Instant;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** {@link StateCounts#pageBound}: where a page ends by the aggregate, and null for the last page. */
class PageBoundTest {
    private final TreeMap<String, StateCounts.Entry> tasks = new TreeMap<>();

    PageBoundTest() {
        put("a", StateCode.RUNNABLE);
        put("a-1", StateCode.SLEEPING);
        put("a.1", StateCode.RUNNABLE);
        put("a1", StateCode.RUNNABLE);
        put("b", StateCode.SLEEPING);
        put("b-x", StateCode.RUNNABLE);
        put("c", StateCode.RUNNABLE);
    }

    @Test
    void theLimitthMatchWhenAnotherFollowsElseNull() {
        assertThat(StateCounts.pageBound(tasks, null, null, null, 2)).isEqualTo("a-1");
        assertThat(StateCounts.pageBound(tasks, "a-1", null, null, 2)).isEqualTo("a1");
        assertThat(StateCounts.pageBound(tasks, "b", null, null, 2)).as("the last page").isNull();
        assertThat(StateCounts.pageBound(tasks, null, null, null, 7)).as("everything fits").isNull();
        assertThat(StateCounts.pageBound(tasks, null, null, null, 6)).isEqualTo("b-x");
    }

    @Test
    void countsOnlyTasksInTheStateAndThePrefix() {
        assertThat(StateCounts.pageBound(tasks, null, null, StateCode.RUNNABLE, 2)).isEqualTo("a.1");
        assertThat(StateCounts.pageBound(tasks, "a.1", null, StateCode.RUNNABLE, 2)).isEqualTo("b-x");
        assertThat(StateCounts.pageBound(tasks, null, null, StateCode.SLEEPING, 1)).isEqualTo("a-1");
        assertThat(StateCounts.pageBound(tasks, "a-1", null, StateCode.SLEEPING, 1)).as("no SLEEPING after b").isNull();
        assertThat(StateCounts.pageBound(tasks, null, "a", null, 3)).isEqualTo("a.1");
        assertThat(StateCounts.pageBound(tasks, null, "a", null, 4)).as("b is past the prefix").isNull();
        assertThat(StateCounts.pageBound(tasks, null, "b", StateCode.RUNNABLE, 1)).isNull();
        assertThat(StateCounts.pageBound(tasks, null, "zz", null, 1)).isNull();
    }

    private void put(String id, StateCode code) {
        tasks.put(id, new StateCounts.Entry(code, 1, Instant.EPOCH));
    }
}
