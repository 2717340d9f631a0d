package io.windlass.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.windlass.consumer.client.TaskView;
import io.windlass.consumer.spi.NodeInfo;
import io.windlass.consumer.spi.StoredState;
import io.windlass.consumer.spi.TaskRecord;
import io.windlass.examples.handlers.StepData;
import io.windlass.statemachine.StateCode;
import io.windlass.statemachine.TaskState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemoViewTest {
    private static final Instant T = Instant.parse("2030-01-01T00:00:00Z");

    private static TaskView task(String id, StateCode code, String owner, long count) {
        TaskState state = new TaskState(code, code == StateCode.SLEEPING ? T : null, List.of(),
                new StepData(count, owner == null ? "" : owner, 7).toJson(), count);
        return new TaskView(id, new TaskRecord(id, "counter", null, T), new StoredState(state, 1, "", 0, T), owner,
                owner == null ? 0 : 7, List.of(), null);
    }

    private final DemoView.Snapshot snap = new DemoView.Snapshot(Duration.ofSeconds(12), Duration.ofSeconds(60),
            List.of(new NodeInfo("node-1", "h", T, 1, false), new NodeInfo("node-2", "h", T, 1, true)),
            List.of(task("a", StateCode.SLEEPING, "node-1", 3), task("b", StateCode.RUNNABLE, "node-2", 1),
                    task("c", StateCode.COMPLETED, null, 9)),
            12.5, 300, List.of("[ 1.0s] submitted 3 tasks"));

    @Test
    void theScreenGroupsTasksByNodeWithStateAndCount() {
        String screen = DemoView.screen(snap);

        assertThat(screen).startsWith(DemoView.CLEAR).contains("12s of 60s").contains("12.5 transitions/s");
        assertThat(screen).containsSubsequence("node-1 — 1 task(s)", "a", "SLEEPING", "count 3",
                "node-2 (leaving) — 1 task(s)", "b", "RUNNABLE", "not running — 1 task(s)", "c", "COMPLETED",
                "events:", "submitted 3 tasks");
    }

    @Test
    void thePlainLineHasNoScreenControl() {
        String line = DemoView.plainLine(snap);

        assertThat(line).doesNotContain("\033").startsWith("[12.0s] nodes node-1=1 node-2=1")
                .contains("RUNNABLE=1").contains("SLEEPING=1").contains("COMPLETED=1").endsWith("12.5 transitions/s");
    }
}
