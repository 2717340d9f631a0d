package io.windlass.examples.handlers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.windlass.statemachine.Command;
import io.windlass.statemachine.StateCode;
import io.windlass.statemachine.TaskError;
import io.windlass.statemachine.TaskState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlakyHandlerTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private final FlakyHandler handler = new FlakyHandler();

    private static FlakyProps props(double p, long seed) {
        return new FlakyProps(p, 5, Duration.ofSeconds(1), Duration.ofSeconds(3), 3, seed);
    }

    private static TaskState state(StateCode code, int errors, long version) {
        List<TaskError> list = new ArrayList<>();
        for (int i = 0; i < errors; i++) {
            list.add(TaskError.of(NOW, "boom " + i));
        }
        return new TaskState(code, null, list, new StepData(1, "n0", 1).toJson(), version);
    }

    private boolean fails(FlakyProps props, String id, long version) {
        var ctx = new FakeTaskContext<>(id, props, state(StateCode.RUNNABLE, 0, version), NOW);
        return catchThrowable(() -> handler.onRunnable(ctx)) != null;
    }

    @Test
    void probabilityZeroNeverFailsAndOneAlwaysFails() throws Exception {
        for (long v = 0; v < 50; v++) {
            assertThat(fails(props(0, 1), "t" + v, v)).isFalse();
            assertThat(fails(props(1, 1), "t" + v, v)).isTrue();
        }
    }

    @Test
    void theDiceAreDeterministicPerSeedTaskAndVersionAndRoughlyFair() {
        int failures = 0;
        for (long v = 0; v < 400; v++) {
            boolean first = fails(props(0.5, 42), "task-a", v);
            assertThat(fails(props(0.5, 42), "task-a", v)).isEqualTo(first);
            failures += first ? 1 : 0;
        }
        assertThat(failures).isBetween(140, 260);
    }

    @Test
    void aFailureIsAnExceptionNamingTheStep() {
        var ctx = new FakeTaskContext<>("t9", props(1, 0), state(StateCode.RUNNABLE, 0, 4), NOW);

        Throwable t = catchThrowable(() -> handler.onRunnable(ctx));

        assertThat(t).isInstanceOf(FlakyHandler.SimulatedFailure.class).hasMessageContaining("step 2 of t9");
    }

    @Test
    void aSuccessfulStepClearsEarlierErrorsAndCounts() throws Exception {
        var ctx = new FakeTaskContext<>("t1", props(0, 0), state(StateCode.RUNNABLE, 2, 9), NOW);

        assertThat(handler.onRunnable(ctx)).isEqualTo(Command.sleepUntil(NOW.plusSeconds(1)));
        assertThat(ctx.kept).isEmpty();
        assertThat(StepData.from(ctx.checkpointed).count()).isEqualTo(2);
    }

    @Test
    void faultRetriesAfterTheDelayUntilMaxErrorsThenGivesUp() {
        var retry = new FakeTaskContext<>("t1", props(1, 0), state(StateCode.FAULT, 2, 3), NOW);
        assertThat(handler.onFault(retry)).isEqualTo(Command.sleepUntil(NOW.plusSeconds(3)));

        var giveUp = new FakeTaskContext<>("t1", props(1, 0), state(StateCode.FAULT, 3, 3), NOW);
        Command last = handler.onFault(giveUp);
        assertThat(last).isInstanceOf(Command.Error.class);
        assertThat(((Command.Error) last).error().message()).contains("gave up after 3");
    }
}
