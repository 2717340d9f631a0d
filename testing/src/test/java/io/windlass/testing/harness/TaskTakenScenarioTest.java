package io.windlass.testing.harness;

import static io.windlass.statemachine.StateCode.SLEEPING;
import static org.assertj.core.api.Assertions.assertThat;

import io.windlass.consumer.spi.NodeInfo;
import io.windlass.statemachine.Command;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The taskTaken hint: a node stops trying to claim a queued task once another node claimed it. */
class TaskTakenScenarioTest {
    private TaskHarness h;

    @AfterEach
    void close() {
        if (h != null) {
            h.close();
        }
    }

    @Test
    void threeNodesClaim300TasksOnceEachWithFarFewerClaimAttemptsThanOffers() {
        ClaimStormScenarioTest.ClaimCounter counter = new ClaimStormScenarioTest.ClaimCounter();
        h = TaskHarness.builder().nodes("a", "b", "c")
                .register("job", Handlers.scripted(ctx -> Command.sleepUntil(ctx.now().plus(Duration.ofDays(1)))))
                .coordinatorDecorator(counter::wrap).build();
        for (int i = 0; i < 300; i++) {
            h.client().submit(String.format("t%03d", i), "job", null); // stored before any node starts
        }
        h.advance(Duration.ofSeconds(10));

        for (int i = 0; i < 300; i++) {
            String id = String.format("t%03d", i);
            assertThat(h.claims(id)).as("claims of %s", id).hasSize(1);
            h.assertTask(id).isIn(SLEEPING);
        }
        assertThat(h.nodes().stream().mapToInt(NodeInfo::claims).sum()).isEqualTo(300);
        int attempts = counter.attempts.get();
        System.out.printf("taskTaken: 300 tasks on 3 nodes took %d claim txns%n", attempts);
        assertThat(attempts).as("claim txns (900 = every node tries every task)").isLessThan(600);
        h.advance(Duration.ofMinutes(1));
        assertThat(counter.attempts.get()).as("nothing is tried again").isEqualTo(attempts);
    }
}
