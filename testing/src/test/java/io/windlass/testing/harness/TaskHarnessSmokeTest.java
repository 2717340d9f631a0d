package io.windlass.testing.harness;

import static io.windlass.statemachine.StateCode.COMPLETED;
import static io.windlass.statemachine.StateCode.RUNNABLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.windlass.statemachine.Command;
import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.StateCode;
import io.windlass.statemachine.WindlassException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TaskHarnessSmokeTest {

    private static ErrorCode code(Throwable t) {
        return ((WindlassException) t).code();
    }

    @Test
    void aTaskThatCompletesAtOnce() {
        var handler = Handlers.scripted(ctx -> Command.complete());
        try (TaskHarness h = TaskHarness.builder().register("done", handler).build()) {
            h.submit("t1", "done", null);
            h.assertTask("t1").isIn(COMPLETED).wentThrough(COMPLETED).isUnclaimed().hasNoPendingCommands();
            assertThat(handler.calls).hasSize(1);
            assertThat(h.history("t1")).extracting(t -> t.from()).containsExactly(RUNNABLE);
        }
    }

    @Test
    void handlersCanBeRegisteredOnTheHarnessUntilItStarts() {
        try (TaskHarness h = TaskHarness.builder().startAt(Instant.parse("2031-05-01T00:00:00Z")).build()) {
            h.register("done", Handlers.scripted(ctx -> Command.complete()));
            assertThat(h.now()).isEqualTo(Instant.parse("2031-05-01T00:00:00Z"));
            h.submit("t1", "done");
            h.assertTask("t1").isIn(COMPLETED);
            assertThatThrownBy(() -> h.register("late", Handlers.scripted(ctx -> Command.complete())))
                    .extracting(TaskHarnessSmokeTest::code).isEqualTo(ErrorCode.ILLEGAL_STATE);
        }
    }

    @Test
    void mistakesAreClearErrors() {
        try (TaskHarness h = TaskHarness.builder().register("done", Handlers.scripted(ctx -> Command.complete()))
                .build()) {
            assertThatThrownBy(() -> h.state("nope")).extracting(TaskHarnessSmokeTest::code)
                    .isEqualTo(ErrorCode.TASK_NOT_FOUND);
            assertThatThrownBy(() -> h.consumer("nope")).hasMessageContaining("node-1");
            assertThatThrownBy(() -> h.submit("t1", "unknown", null)).extracting(TaskHarnessSmokeTest::code)
                    .isEqualTo(ErrorCode.UNKNOWN_TASK_TYPE);
            assertThatThrownBy(() -> h.advance(Duration.ofSeconds(-1))).isInstanceOf(WindlassException.class);
            h.submit("t1", "done", null);
            assertThatThrownBy(() -> h.command("t1", Command.pause())).extracting(TaskHarnessSmokeTest::code)
                    .isEqualTo(ErrorCode.TASK_FINISHED);
            assertThatThrownBy(() -> h.assertTask("t1").isIn(StateCode.PAUSED)).isInstanceOf(AssertionError.class)
                    .hasMessageContaining("COMPLETED");
        }
    }
}
