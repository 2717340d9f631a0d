package io.windlass.examples.handlers;

import static org.assertj.core.api.Assertions.assertThat;

import io.windlass.statemachine.Command;
import io.windlass.statemachine.StateCode;
import io.windlass.statemachine.TaskState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CounterHandlerTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private final CounterHandler handler = new CounterHandler();

    private static TaskState runnableWith(long count) {
        return new TaskState(StateCode.RUNNABLE, null, List.of(), new StepData(count, "n0", 7).toJson(), count);
    }

    @Test
    void firstStepCountsOneWithNodeAndFenceAndSleepsTheInterval() {
        var ctx = new FakeTaskContext<>("t1", new CounterProps(3, Duration.ofSeconds(2)), TaskState.initial(), NOW);

        Command next = handler.onRunnable(ctx);

        assertThat(next).isEqualTo(Command.sleepUntil(NOW.plusSeconds(2)));
        assertThat(ctx.checkpointed.toString()).isEqualTo("{\"count\":1,\"node\":\"n1\",\"fence\":1234}");
    }

    @Test
    void zeroIntervalCheckpointsInsteadOfSleeping() {
        var ctx = new FakeTaskContext<>("t1", new CounterProps(3, Duration.ZERO), runnableWith(1), NOW);

        assertThat(handler.onRunnable(ctx)).isEqualTo(Command.checkpoint());
        assertThat(StepData.from(ctx.checkpointed).count()).isEqualTo(2);
    }

    @Test
    void theLastStepCompletesAndStoresTheFinalCount() {
        var ctx = new FakeTaskContext<>("t1", new CounterProps(3, Duration.ofSeconds(1)), runnableWith(2), NOW);

        assertThat(handler.onRunnable(ctx)).isEqualTo(Command.complete());
        assertThat(StepData.from(ctx.checkpointed)).isEqualTo(new StepData(3, "n1", 1234));
    }

    @Test
    void aTaskAlreadyPastItsStepsCompletesWithoutCounting() {
        var ctx = new FakeTaskContext<>("t1", new CounterProps(3, Duration.ofSeconds(1)), runnableWith(3), NOW);

        assertThat(handler.onRunnable(ctx)).isEqualTo(Command.complete());
        assertThat(ctx.checkpointed).isNull();
    }

    @Test
    void aRequestedStopSkipsTheStep() {
        var ctx = new FakeTaskContext<>("t1", new CounterProps(3, Duration.ofSeconds(1)), runnableWith(1), NOW);
        ctx.stopRequested = true;

        assertThat(handler.onRunnable(ctx)).isEqualTo(Command.checkpoint());
        assertThat(ctx.checkpointed).isNull();
    }

    @Test
    void missingPropsMeanTheDefaults() {
        var ctx = new FakeTaskContext<CounterProps>("t1", null, TaskState.initial(), NOW);

        assertThat(handler.onRunnable(ctx)).isEqualTo(Command.sleepUntil(NOW.plusSeconds(1)));
    }
}
