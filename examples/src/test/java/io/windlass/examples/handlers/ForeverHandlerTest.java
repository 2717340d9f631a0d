package io.windlass.examples.handlers;

import static org.assertj.core.api.Assertions.assertThat;

import io.windlass.statemachine.Command;
import io.windlass.statemachine.StateCode;
import io.windlass.statemachine.TaskState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ForeverHandlerTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void everyWakeUpCountsAndSleepsAgainNeverCompleting() {
        var handler = new ForeverHandler();
        TaskState state = TaskState.initial();
        for (int i = 1; i <= 100; i++) {
            var ctx = new FakeTaskContext<>("m1", new ForeverProps(Duration.ofMinutes(5)), state, NOW);
            assertThat(handler.onRunnable(ctx)).isEqualTo(Command.sleepUntil(NOW.plusSeconds(300)));
            assertThat(StepData.from(ctx.checkpointed).count()).isEqualTo(i);
            state = new TaskState(StateCode.RUNNABLE, null, List.of(), ctx.checkpointed, i);
        }
    }
}
