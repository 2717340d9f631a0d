package io.windlass.examples.handlers;

import static io.windlass.statemachine.StateCode.COMPLETED;
import static io.windlass.statemachine.StateCode.FAILED;
import static io.windlass.statemachine.StateCode.FAULT;
import static io.windlass.statemachine.StateCode.KILLED;
import static io.windlass.statemachine.StateCode.PAUSED;
import static io.windlass.statemachine.StateCode.SLEEPING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.windlass.statemachine.Command;
import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.WindlassException;
import io.windlass.testing.harness.TaskHarness;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The example handlers on real consumers, an in-memory cluster and virtual time (TaskHarness). */
class ExampleHandlersHarnessTest {

    private static TaskHarness harness(String... nodes) {
        return TaskHarness.builder().nodes(nodes)
                .register(CounterProps.TYPE, new CounterHandler())
                .register(FlakyProps.TYPE, new FlakyHandler())
                .register(ForeverProps.TYPE, new ForeverHandler())
                .build();
    }

    @Test
    void aCounterOfAMonthOfHourlyStepsCompletesInVirtualTime() {
        try (TaskHarness h = harness("n1")) {
            h.submit("c1", "counter", Map.of("steps", 744, "interval", "1h"));
            h.advance(Duration.ofDays(30));
            h.assertTask("c1").isIn(SLEEPING);
            h.advance(Duration.ofDays(1));
            h.assertTask("c1").isIn(COMPLETED).isUnclaimed();
            StepData data = StepData.from(h.state("c1").data());
            assertThat(data.count()).isEqualTo(744);
            assertThat(data.node()).isEqualTo("n1");
            assertThat(data.fence()).isEqualTo(h.claims("c1").get(0).fence());
        }
    }

    @Test
    void aCounterContinuesItsCountOnAnotherNodeUnderAHigherFence() {
        try (TaskHarness h = harness("n1", "n2")) {
            h.submit("c1", "counter", Map.of("steps", 10, "interval", "1m"));
            h.advance(Duration.ofMinutes(3).plusSeconds(30));
            String first = h.owner("c1").orElseThrow();
            long before = StepData.from(h.state("c1").data()).count();
            assertThat(before).isEqualTo(4);

            h.shutdownNode(first);
            h.advance(Duration.ofMinutes(10));

            h.assertTask("c1").isIn(COMPLETED);
            StepData end = StepData.from(h.state("c1").data());
            assertThat(end.count()).isEqualTo(10);
            assertThat(end.node()).isNotEqualTo(first);
            assertThat(h.claims("c1")).hasSize(2);
            assertThat(end.fence()).isGreaterThan(h.claims("c1").get(0).fence());
        }
    }

    @Test
    void pauseHoldsACounterAndRunResumesIt() {
        try (TaskHarness h = harness("n1")) {
            h.submit("c1", "counter", Map.of("steps", 5, "interval", "10s"));
            h.command("c1", Command.pause());
            h.assertTask("c1").isIn(PAUSED);
            long count = StepData.from(h.state("c1").data()).count();
            h.advance(Duration.ofHours(1));
            assertThat(StepData.from(h.state("c1").data()).count()).isEqualTo(count);
            h.command("c1", Command.run());
            h.advance(Duration.ofMinutes(1));
            h.assertTask("c1").isIn(COMPLETED);
        }
    }

    @Test
    void anAlwaysFailingFlakyTaskRetriesThenFails() {
        try (TaskHarness h = harness("n1")) {
            h.submit("f1", "flaky", Map.of("failureProbability", 1.0, "retryDelay", "5s", "maxErrors", 3));
            h.advance(Duration.ofMinutes(1));
            h.assertTask("f1").isIn(FAILED).wentThrough(FAULT, SLEEPING, FAULT, SLEEPING, FAULT, FAILED);
            assertThat(h.state("f1").errors().get(0).message()).contains("simulated failure in step 1 of f1");
        }
    }

    @Test
    void aNeverFailingFlakyTaskCompletes() {
        try (TaskHarness h = harness("n1")) {
            h.submit("f1", "flaky", Map.of("failureProbability", 0.0, "steps", 4, "interval", "1s"));
            h.advance(Duration.ofSeconds(10));
            h.assertTask("f1").isIn(COMPLETED);
            assertThat(StepData.from(h.state("f1").data()).count()).isEqualTo(4);
        }
    }

    @Test
    void aMonitorWakesEveryIntervalUntilKilled() {
        try (TaskHarness h = harness("n1")) {
            h.submit("m1", "forever", Map.of("interval", "1h"));
            h.advance(Duration.ofDays(1).minusMinutes(1));
            h.assertTask("m1").isIn(SLEEPING);
            assertThat(StepData.from(h.state("m1").data()).count()).isEqualTo(24);
            h.command("m1", Command.kill());
            h.assertTask("m1").isIn(KILLED).isUnclaimed();
        }
    }

    @Test
    void badPropsAreRejectedAtSubmitNamingTypeAndField() {
        try (TaskHarness h = harness("n1")) {
            assertThatThrownBy(() -> h.submit("c1", "counter", Map.of("steps", -1)))
                    .isInstanceOfSatisfying(WindlassException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                    .hasMessageContaining("counter props: steps must be 1..1000000000, was -1");
            assertThatThrownBy(() -> h.submit("m1", "forever", Map.of("interval", "0s")))
                    .hasMessageContaining("forever props: interval must be > 0");
        }
    }
}
