package io.windlass.examples.handlers;

import static io.windlass.statemachine.CommandKind.CHECKPOINT;
import static io.windlass.statemachine.CommandKind.COMPLETE;
import static io.windlass.statemachine.CommandKind.PAUSE;
import static io.windlass.statemachine.CommandKind.RUN;
import static io.windlass.statemachine.StateCode.COMPLETED;
import static io.windlass.statemachine.StateCode.KILLED;
import static io.windlass.statemachine.StateCode.PAUSED;
import static io.windlass.statemachine.StateCode.RUNNABLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.windlass.statemachine.Command;
import io.windlass.statemachine.Transition;
import io.windlass.testing.harness.TaskHarness;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code stream} handler (Metafora style: one callback loops until told to stop) on the harness's virtual time. */
class StreamHandlerHarnessTest {

    private static TaskHarness harness(String... nodes) {
        return TaskHarness.builder().nodes(nodes).register(StreamProps.TYPE, new StreamHandler()).build();
    }

    private static long count(TaskHarness h, String id) {
        return StepData.from(h.state(id).data()).count();
    }

    @Test
    void aUnitEvery100MsItsPositionStoredEverySecondWhileTheCallbackRuns() {
        try (TaskHarness h = harness("n1")) {
            Instant start = h.now();
            h.submit("s1", "stream", null);
            h.advance(Duration.ofMillis(3050));

            h.assertTask("s1").isIn(RUNNABLE).isOwnedBy("n1").hasTransitionCommands(CHECKPOINT, CHECKPOINT, CHECKPOINT);
            assertThat(h.history("s1")).extracting(Transition::at)
                    .containsExactly(start.plusSeconds(1), start.plusSeconds(2), start.plusSeconds(3));
            StepData stored = StepData.from(h.state("s1").data());
            assertThat(stored.count()).isEqualTo(30);
            assertThat(stored.node()).isEqualTo("n1");
            assertThat(stored.fence()).isEqualTo(h.claims("s1").get(0).fence());
        }
    }

    @Test
    void aPauseStopsItAtOnceWithItsExactPositionAndRunResumesFromThere() {
        try (TaskHarness h = harness("n1")) {
            h.submit("s1", "stream", null);
            h.advance(Duration.ofMillis(2550));
            h.command("s1", Command.pause());
            h.assertTask("s1").isIn(PAUSED).hasTransitionCommands(CHECKPOINT, CHECKPOINT, CHECKPOINT, PAUSE);
            assertThat(count(h, "s1")).as("stopped mid-second: the exact position").isEqualTo(25);

            h.advance(Duration.ofHours(1));
            assertThat(count(h, "s1")).as("paused: no thread, no work").isEqualTo(25);
            h.command("s1", Command.run());
            h.advance(Duration.ofMillis(1050));
            h.assertTask("s1").isIn(RUNNABLE);
            assertThat(h.history("s1")).extracting(Transition::command).endsWith(PAUSE, RUN, CHECKPOINT);
            assertThat(count(h, "s1")).isEqualTo(35);
        }
    }

    @Test
    void itCompletesAfterItsUnitsAndAKillEndsItAtOnce() {
        try (TaskHarness h = harness("n1")) {
            Instant start = h.now();
            h.submit("done", "stream", Map.of("units", 25, "checkpointEvery", "10s"));
            h.submit("killed", "stream", Map.of("interval", "1s"));
            h.advance(Duration.ofMillis(2500));
            h.assertTask("done").isIn(COMPLETED).isUnclaimed().hasTransitionCommands(COMPLETE);
            assertThat(h.history("done").get(0).at()).isEqualTo(start.plusMillis(2500));
            assertThat(count(h, "done")).isEqualTo(25);

            h.command("killed", Command.kill());
            h.assertTask("killed").isIn(KILLED).isUnclaimed();
            assertThat(count(h, "killed")).isEqualTo(2);
        }
    }

    @Test
    void aGracefulShutdownHandsItOverAtTheExactPositionAndACrashLosesAtMostTheLastSecond() {
        try (TaskHarness h = harness("n1", "n2")) {
            h.freeze("n2");
            h.submit("s1", "stream", null);
            h.unfreeze("n2");
            h.advance(Duration.ofMillis(1550));

            h.shutdownNode("n1");
            h.assertTask("s1").isOwnedBy("n2").isIn(RUNNABLE);
            assertThat(count(h, "s1")).isEqualTo(15);
            h.advance(Duration.ofMillis(1750)); // n2 stores its position 1 s after it took over: 25; then runs to 32

            h.killNode("n2");
            h.startNode("n3");
            h.advance(h.cluster().leaseTtl().plusMillis(50));
            h.assertTask("s1").isOwnedBy("n3");
            StepData resumed = StepData.from(h.state("s1").data());
            assertThat(resumed.count()).as("the crash lost the units after the last checkpoint").isEqualTo(25);
            assertThat(resumed.node()).isEqualTo("n2");
            assertThat(h.claims("s1")).extracting(TaskHarness.Claimed::nodeId).containsExactly("n1", "n2", "n3");

            h.advance(Duration.ofSeconds(1));
            StepData n3 = StepData.from(h.state("s1").data());
            assertThat(n3.count()).isEqualTo(35);
            assertThat(n3.fence()).isGreaterThan(resumed.fence());
        }
    }

    @Test
    void badPropsAreRejectedAtSubmit() {
        try (TaskHarness h = harness("n1")) {
            assertThatThrownBy(() -> h.submit("s1", "stream", Map.of("interval", "0s")))
                    .hasMessageContaining("stream props: interval must be > 0");
            assertThatThrownBy(() -> h.submit("s2", "stream", Map.of("units", -1)))
                    .hasMessageContaining("units must be >= 0");
            assertThat(StreamProps.defaults()).isEqualTo(new StreamProps(Duration.ofMillis(100),
                    Duration.ofSeconds(1), 0));
        }
    }
}
