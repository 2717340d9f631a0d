package io.windlass.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.windlass.consumer.spi.TaskRecord;
import io.windlass.statemachine.Command;
import io.windlass.statemachine.CommandKind;
import io.windlass.statemachine.Outcome;
import io.windlass.statemachine.StateCode;
import io.windlass.statemachine.TaskError;
import io.windlass.statemachine.TaskState;
import io.windlass.statemachine.TaskStateMachine;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StepPlannerTest {
    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
    private final StepPlanner planner = new StepPlanner(TaskStateMachine.standard(),
            new TaskRecord("t1", "job", null, NOW));
    private final TaskState runnable = TaskState.initial();
    private final TaskState fault = new TaskState(StateCode.FAULT, null,
            List.of(TaskError.of(NOW, "one"), TaskError.of(NOW, "two")), null, 3);

    private static CallbackOutcome outcome(CallbackOutcome.Kind kind, Command command, Throwable error,
                                           RunnerContext.Effects effects) {
        return new CallbackOutcome(kind, command, error, effects);
    }

    private static RunnerContext.Effects none() {
        return new RunnerContext.Effects(false, null, null);
    }

    @Test
    void aThrownExceptionBecomesAnErrorWithItsMessageAndType() {
        Outcome.Applied a = planner.applyOutcome(runnable,
                outcome(CallbackOutcome.Kind.RUNNABLE, null, new IllegalStateException("boom"), none()), NOW);
        assertThat(a.state().code()).isEqualTo(StateCode.FAULT);
        assertThat(a.state().errors()).singleElement().satisfies(e -> {
            assertThat(e.message()).isEqualTo("boom");
            assertThat(e.type()).isEqualTo(IllegalStateException.class.getName());
        });
    }

    @Test
    void aNullResultIsRecordedAsAnError() {
        Outcome.Applied a = planner.applyOutcome(runnable,
                outcome(CallbackOutcome.Kind.RUNNABLE, null, null, none()), NOW);
        assertThat(a.transition().command()).isEqualTo(CommandKind.ERROR);
        assertThat(a.state().errors().get(0).message()).contains("returned null", "onRunnable", "job");
    }

    @Test
    void aFaultDecisionOtherThanSleepOrErrorFailsTheTask() {
        Outcome.Applied a = planner.applyOutcome(fault,
                outcome(CallbackOutcome.Kind.FAULT, Command.run(), null, none()), NOW);
        assertThat(a.state().code()).isEqualTo(StateCode.FAILED);
        assertThat(a.state().errors()).last().satisfies(e -> assertThat(e.message()).contains("RUN", "onFault"));
    }

    @Test
    void keptErrorsAndCheckpointDataTravelWithTheTransition() {
        var effects = new RunnerContext.Effects(true, JsonNodeFactory.instance.objectNode().put("n", 7),
                List.of(TaskError.of(NOW, "two")));
        Outcome.Applied a = planner.applyOutcome(fault,
                outcome(CallbackOutcome.Kind.FAULT, Command.sleepUntil(NOW.plusSeconds(60)), null, effects), NOW);
        assertThat(a.state().code()).isEqualTo(StateCode.SLEEPING);
        assertThat(a.state().errors()).extracting(TaskError::message).containsExactly("two");
        assertThat(a.state().data().get("n").asInt()).isEqualTo(7);
        assertThat(a.state().version()).isEqualTo(4);
    }

    @Test
    void anEmptyKeptListClearsErrorsButNeverEmptiesAFault() {
        TaskState withErrors = new TaskState(StateCode.RUNNABLE, null, List.of(TaskError.of(NOW, "old")), null, 1);
        assertThat(StepPlanner.withKeptErrors(withErrors, List.of()).errors()).isEmpty();
        assertThat(StepPlanner.withKeptErrors(fault, List.of()).errors()).hasSize(2);
        assertThat(StepPlanner.withKeptErrors(fault, null)).isSameAs(fault);
    }

    @Test
    void rejectionsNameTheRecentTransitions() {
        Outcome.Applied a = planner.applyInternal(runnable, Command.pause(), NOW);
        planner.stored(a.transition());
        Outcome o = planner.apply(a.state(), Command.complete(), NOW);
        assertThat(o).isInstanceOf(Outcome.Rejected.class);
        assertThat(((Outcome.Rejected) o).reason()).contains("t1", "COMPLETE", "PAUSED");
    }
}
