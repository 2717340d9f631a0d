package io.windlass.testing.harness;

import static io.windlass.statemachine.StateCode.SLEEPING;
import static org.assertj.core.api.Assertions.assertThat;

import io.windlass.consumer.spi.ClaimResult;
import io.windlass.consumer.spi.Coordinator;
import io.windlass.consumer.spi.NodeInfo;
import io.windlass.statemachine.Command;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Many tasks offered to several nodes at once: bounded claims in flight, fair shares, nothing stranded. */
class ClaimStormScenarioTest {
    private TaskHarness h;

    @AfterEach
    void close() {
        if (h != null) {
            h.close();
        }
    }

    private static Handlers.Scripted sleeps() {
        return Handlers.scripted(ctx -> Command.sleepUntil(ctx.now().plus(Duration.ofDays(1))));
    }

    private Map<String, Integer> counts() {
        return h.nodes().stream().collect(Collectors.toMap(NodeInfo::nodeId, NodeInfo::claims));
    }

    @Test
    void threeNodesStartingTogetherShare300TasksFairlyAndClaimEachOnce() {
        ClaimCounter counter = new ClaimCounter();
        h = TaskHarness.builder().nodes("a", "b", "c").register("job", sleeps())
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
        Map<String, Integer> c = counts();
        System.out.printf("claim storm, 300 tasks on 3 nodes: %s; %d claim txns%n", c, counter.attempts.get());
        assertThat(c.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(300);
        assertThat(c.values()).as("each node within ±20 %% of 100: %s", c).allSatisfy(n -> assertThat(n)
                .isBetween(80, 120));
        assertThat(counter.maxInFlight.get()).as("claims in flight per node")
                .isLessThanOrEqualTo(io.windlass.consumer.ConsumerSettings.DEFAULT_MAX_CLAIMS_IN_FLIGHT);
        // each node claims its preferred tasks first (rendezvous hashing): few claims collide (900 = every node tries
        // every task)
        assertThat(counter.attempts.get()).as("claim txns for 300 tasks").isLessThanOrEqualTo(360);
        int attempts = counter.attempts.get();
        h.advance(Duration.ofMinutes(1));
        assertThat(counter.attempts.get()).as("the queues are empty: nothing is tried again").isEqualTo(attempts);
    }

    @Test
    void withTheLoadDelayTheStormIsFairAndDoneWithinTheDelayCap() {
        ClaimCounter counter = new ClaimCounter();
        h = TaskHarness.builder().nodes("a", "b", "c").register("job", sleeps()).coordinatorDecorator(counter::wrap)
                .consumerSettings(io.windlass.consumer.ConsumerSettings.defaults()).build(); // 1 ms per owned task
        for (int i = 0; i < 300; i++) {
            h.client().submit("t" + i, "job", null);
        }
        h.advance(Duration.ofMillis(300)); // claimDelayMax is 250 ms: nothing waits longer than that after its offer
        Map<String, Integer> c = counts();
        assertThat(c.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(300);
        assertThat(c.values()).as("each node within ±20 %% of 100: %s", c).allSatisfy(n -> assertThat(n)
                .isBetween(80, 120));
        // a node claims another node's preferred task only after the burst's delay: almost no claim collides
        System.out.printf("claim storm with the load delay: %s; %d claim txns%n", c, counter.attempts.get());
        assertThat(counter.attempts.get()).as("claim txns for 300 tasks").isLessThanOrEqualTo(310);
    }

    @Test
    void tasksPreferredByANodeThatClaimsNothingAreTakenByAnotherWithinTheClaimDelay() {
        h = TaskHarness.builder().nodes("a", "b").register("job", sleeps())
                .consumerSettings(io.windlass.consumer.ConsumerSettings.defaults()).build();
        h.freeze("b"); // live (so about half of the tasks prefer it), but claiming nothing
        for (int i = 0; i < 10; i++) {
            h.client().submit("t" + i, "job", null);
            h.advance(Duration.ofMillis(50)); // a lone offer waits one claim-delay step, plus the load delay
        }
        for (int i = 0; i < 10; i++) {
            h.assertTask("t" + i).isOwnedBy("a").isIn(SLEEPING);
        }
    }

    @Test
    void aSingleNodeClaimsEverythingWithABoundedNumberOfClaimsInFlight() {
        ClaimCounter counter = new ClaimCounter();
        h = TaskHarness.builder().register("job", sleeps()).coordinatorDecorator(counter::wrap)
                .consumerSettings(TaskHarnessBuilder.withoutClaimDelay(
                        io.windlass.consumer.ConsumerSettings.defaults()).withMaxClaimsInFlight(8)).build();
        for (int i = 0; i < 100; i++) {
            h.client().submit("t" + i, "job", null);
        }
        h.runUntilIdle();
        assertThat(counts()).containsEntry("node-1", 100);
        assertThat(counter.maxInFlight.get()).isEqualTo(8);
        assertThat(counter.attempts.get()).isEqualTo(100);
    }

    @Test
    void tasksOtherNodesCannotTakeAreNotStrandedByTheCap() {
        h = TaskHarness.builder().nodes("a", "b", "c").register("job", sleeps()).build();
        h.freeze("b").freeze("c"); // live, but claiming nothing
        for (int i = 0; i < 30; i++) {
            h.client().submit("t" + i, "job", null);
        }
        h.runUntilIdle();
        assertThat(counts().get("a")).as("held at its share (b and c own fewer)").isLessThan(30);
        String waiting = java.util.stream.IntStream.range(0, 30).mapToObj(i -> "t" + i)
                .filter(id -> h.owner(id).isEmpty()).findFirst().orElseThrow();
        assertThat(h.client().delete(waiting)).isTrue(); // gone while queued: its claim fails and it leaves the queue
        h.advance(Duration.ofSeconds(6)); // the cap lifts after claimRetry (5 s)
        assertThat(counts()).containsEntry("a", 29);
        h.unfreeze("b").unfreeze("c");
        h.advance(Duration.ofSeconds(1));
        assertThat(counts()).containsEntry("b", 0).containsEntry("c", 0); // nothing left to claim
    }

    /** Counts claim txns and the most in flight at once per node. */
    static final class ClaimCounter {
        final AtomicInteger attempts = new AtomicInteger();
        final AtomicInteger maxInFlight = new AtomicInteger();

        Coordinator wrap(Coordinator delegate) {
            AtomicInteger inFlight = new AtomicInteger();
            return new ForwardingCoordinator(delegate) {
                @Override
                public CompletableFuture<ClaimResult> claim(String taskId) {
                    attempts.incrementAndGet();
                    maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                    return delegate.claim(taskId).whenComplete((r, e) -> inFlight.decrementAndGet());
                }
            };
        }
    }
}
