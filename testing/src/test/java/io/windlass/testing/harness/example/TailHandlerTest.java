package io.windlass.testing.harness.example;

import static io.windlass.statemachine.CommandKind.CHECKPOINT;
import static io.windlass.statemachine.CommandKind.PAUSE;
import static io.windlass.statemachine.StateCode.PAUSED;
import static io.windlass.statemachine.StateCode.RUNNABLE;
import static org.assertj.core.api.Assertions.assertThat;

import io.windlass.statemachine.Command;
import io.windlass.testing.harness.TaskHarness;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The long-running example of docs/testing-your-handlers.md, kept compiling and passing. */
class TailHandlerTest {
    private final TaskHarness harness = TaskHarness.builder()
            .nodes("a", "b")
            .register("tail", new TailHandler())
            .build();

    @AfterEach
    void close() {
        harness.close();
    }

    private long storedOffset() {
        return harness.state("feed").data().get("offset").asLong();
    }

    @Test
    void storesItsOffsetEverySecondWhileTheLoopRuns() {
        harness.submit("feed", "tail");
        harness.advance(Duration.ofMillis(2500)); // the loop waits on virtual time: returns in milliseconds
        harness.assertTask("feed").isIn(RUNNABLE).hasTransitionCommands(CHECKPOINT, CHECKPOINT);
        assertThat(storedOffset()).isEqualTo(20);
    }

    @Test
    void aPauseStopsTheLoopAtOnceAndRunResumesAtTheExactOffset() {
        harness.submit("feed", "tail");
        harness.advance(Duration.ofMillis(1550));
        harness.command("feed", Command.pause()); // ctx.stop() is raised at this virtual instant
        harness.assertTask("feed").isIn(PAUSED).hasTransitionCommands(CHECKPOINT, CHECKPOINT, PAUSE);
        assertThat(storedOffset()).isEqualTo(15);

        harness.command("feed", Command.run());
        harness.advance(Duration.ofSeconds(1));
        assertThat(storedOffset()).isEqualTo(25);
    }

    @Test
    void aCrashedNodeLosesAtMostASecondAndAnotherNodeGoesOn() {
        harness.submit("feed", "tail");
        String first = harness.owner("feed").orElseThrow();
        harness.advance(Duration.ofMillis(1550));
        harness.killNode(first);                  // its claim expires after the lease TTL (10 s)
        harness.advance(Duration.ofMillis(10_500));
        harness.assertTask("feed").isIn(RUNNABLE).isOwnedBy(first.equals("a") ? "b" : "a");
        assertThat(storedOffset()).as("from the last checkpoint").isEqualTo(10);
    }
}
