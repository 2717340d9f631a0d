package io.windlass.testing.harness.example;

import static io.windlass.statemachine.CommandKind.COMPLETE;
import static io.windlass.statemachine.CommandKind.PAUSE;
import static io.windlass.statemachine.CommandKind.RUN;
import static io.windlass.statemachine.CommandKind.SLEEP;
import static io.windlass.statemachine.StateCode.COMPLETED;
import static io.windlass.statemachine.StateCode.PAUSED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.windlass.statemachine.Command;
import io.windlass.statemachine.Transition;
import io.windlass.statemachine.WindlassException;
import io.windlass.testing.harness.TaskHarness;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The example of docs/testing-your-handlers.md, kept compiling and passing. */
class CountdownHandlerTest {
    private final TaskHarness harness = TaskHarness.builder()
            .register("countdown", new CountdownHandler())
            .build();

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void countsDownOnceAnHourThenCompletes() {
        Instant start = harness.now();
        harness.submit("launch", "countdown", new CountdownHandler.Props(3));
        harness.assertTask("launch").isSleepingUntil(start.plus(Duration.ofHours(1)));

        harness.advance(Duration.ofHours(3)); // virtual time: returns in milliseconds

        harness.assertTask("launch").isIn(COMPLETED)
                .hasTransitionCommands(SLEEP, RUN, SLEEP, RUN, SLEEP, RUN, COMPLETE);
        assertThat(harness.history("launch")).last()
                .extracting(Transition::at).isEqualTo(start.plus(Duration.ofHours(3)));
    }

    @Test
    void aPausedCountdownWaitsForRun() {
        harness.submit("launch", "countdown", new CountdownHandler.Props(1));
        harness.command("launch", Command.pause());
        harness.advance(Duration.ofDays(7));
        harness.assertTask("launch").isIn(PAUSED);

        harness.command("launch", Command.run()); // its data says 0 left: it completes at once
        harness.assertTask("launch").isIn(COMPLETED).hasTransitionCommands(SLEEP, PAUSE, RUN, COMPLETE);
    }

    @Test
    void badPropsAreRefusedAtSubmit() {
        assertThatThrownBy(() -> harness.submit("oops", "countdown", new java.util.HashMap<>(
                java.util.Map.of("from", -1))))
                .isInstanceOf(WindlassException.class).hasMessageContaining("from must be >= 0");
    }
}
