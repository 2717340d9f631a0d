package io.windlass.testing.harness;

import static io.windlass.statemachine.CommandKind.COMPLETE;
import static io.windlass.statemachine.CommandKind.RELEASE;
import static io.windlass.statemachine.CommandKind.RUN;
import static io.windlass.statemachine.CommandKind.SLEEP;
import static io.windlass.statemachine.StateCode.COMPLETED;
import static io.windlass.statemachine.StateCode.PAUSED;
import static io.windlass.statemachine.StateCode.RUNNABLE;
import static io.windlass.statemachine.StateCode.SLEEPING;
import static org.assertj.core.api.Assertions.assertThat;

import io.windlass.consumer.ConsumerSettings;
import io.windlass.consumer.balance.Balancer;
import io.windlass.consumer.spi.NodeCommand;
import io.windlass.consumer.spi.NodeInfo;
import io.windlass.statemachine.Command;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Several nodes on one in-memory cluster: exclusive claims, releases, balancing, freeze, crashes, shutdown. */
class ClusterScenarioTest {
    private TaskHarness h;

    @AfterEach
    void close() {
        if (h != null) {
            h.close();
        }
    }

    private static Handlers.Scripted sleeps(Duration d) {
        return Handlers.scripted(ctx -> Command.sleepUntil(ctx.now().plus(d)));
    }

    private Map<String, Integer> counts() {
        return h.nodes().stream().collect(Collectors.toMap(NodeInfo::nodeId, NodeInfo::claims));
    }

    @Test
    void withTwoConsumersEachTaskRunsOnExactlyOneNode() {
        var handler = sleeps(Duration.ofMinutes(1));
        h = TaskHarness.builder().nodes("a", "b").register("job", handler)
                .consumerSettings(ConsumerSettings.defaults()).build(); // with the thundering-herd claim delay
        for (int i = 0; i < 10; i++) {
            h.submit("t" + i, "job", null);
            h.advance(Duration.ofMillis(20));
        }
        h.advance(Duration.ofMinutes(10));

        Map<String, Integer> perNode = new HashMap<>();
        for (int i = 0; i < 10; i++) {
            String id = "t" + i;
            assertThat(h.claims(id)).as("claims of %s", id).hasSize(1);
            String node = h.claims(id).get(0).nodeId();
            assertThat(handler.callsOf(id)).hasSize(11).allSatisfy(c -> assertThat(c.nodeId()).isEqualTo(node));
            h.assertTask(id).isIn(SLEEPING).isOwnedBy(node);
            perNode.merge(node, 1, Integer::sum);
        }
        assertThat(perNode).as("the less-loaded node wins offered tasks").containsEntry("a", 5).containsEntry("b", 5);
        assertThat(counts()).containsEntry("a", 5).containsEntry("b", 5);
    }

    @Test
    void releaseWhileSleepingKeepsUntilAndAnotherNodeWakesItOnTime() {
        var handler = Handlers.scripted(ctx -> ctx.state().version() == 0
                ? Command.sleepUntil(ctx.now().plus(Duration.ofHours(1))) : Command.complete());
        h = TaskHarness.builder().nodes("a", "b").register("job", handler).build();
        Instant until = h.now().plus(Duration.ofHours(1));
        h.submit("t1", "job", null);
        h.assertTask("t1").isSleepingUntil(until).isOwnedBy("a");

        h.command("t1", Command.release());
        h.assertTask("t1").isSleepingUntil(until).isOwnedBy("b");
        h.advance(Duration.ofMinutes(59));
        assertThat(handler.calls).hasSize(1);
        h.advance(Duration.ofMinutes(1));
        h.assertTask("t1").isIn(COMPLETED).hasTransitionCommands(SLEEP, RELEASE, RUN, COMPLETE);
        assertThat(handler.calls.get(1).nodeId()).isEqualTo("b");
        assertThat(handler.calls.get(1).at()).isEqualTo(until);
        assertThat(h.claims("t1")).extracting(TaskHarness.Claimed::nodeId).containsExactly("a", "b");
        assertThat(h.claims("t1").get(1).fence()).isGreaterThan(h.claims("t1").get(0).fence());
    }

    @Test
    void gracefulShutdownStopsPersistsAndReleasesEverything() {
        var sleeper = sleeps(Duration.ofHours(1));
        var pauser = Handlers.scripted(ctx -> Command.pause());
        Object[] stopSeen = new Object[2];
        var busy = Handlers.scripted(ctx -> {
            if (!"a".equals(ctx.nodeId())) {
                return Command.complete();
            }
            h.consumer("a").shutdown(); // the shutdown arrives while this callback runs
            h.deliverEvents();
            stopSeen[0] = ctx.stop().requested();
            stopSeen[1] = ctx.stop().reason();
            ctx.checkpoint(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("done", 1));
            return Command.checkpoint();
        });
        h = TaskHarness.builder().nodes("a").register("sleeper", sleeper).register("pauser", pauser)
                .register("busy", busy).build();
        Instant until = h.now().plus(Duration.ofHours(1));
        h.submit("s1", "sleeper", null);
        h.submit("p1", "pauser", null);
        h.submit("b1", "busy", null);

        assertThat(h.consumer("a").isTerminated()).isTrue();
        assertThat(stopSeen).containsExactly(true, java.util.Optional.empty());
        assertThat(h.nodes()).isEmpty();
        h.assertTask("s1").isSleepingUntil(until).isUnclaimed();
        h.assertTask("p1").isIn(PAUSED).isUnclaimed();
        h.assertTask("b1").isIn(RUNNABLE).isUnclaimed();
        assertThat(h.state("b1").data().get("done").asInt()).as("the running step's result was stored").isEqualTo(1);
        assertThat(h.overdue("a")).isEmpty();

        h.startNode("b");
        h.assertTask("b1").isIn(COMPLETED);
        h.assertTask("s1").isOwnedBy("b");
        h.assertTask("p1").isOwnedBy("b");
    }

    @Test
    void aNodeThatJoinsGetsAFairShareAfterABalance() {
        h = TaskHarness.builder().nodes("a").register("job", Handlers.scripted(ctx -> Command.pause())).build();
        for (int i = 0; i < 10; i++) {
            h.submit("t" + i, "job", null);
        }
        h.startNode("b");
        assertThat(counts()).containsEntry("a", 10).containsEntry("b", 0);

        h.balance("a");
        assertThat(counts()).containsEntry("a", 6).containsEntry("b", 4);
        assertThat(h.consumer("b").ownedTasks()).hasSize(4);
        h.advance(Duration.ofHours(1));
        assertThat(counts()).as("stable within the threshold").containsEntry("a", 6).containsEntry("b", 4);
    }

    @Test
    void thePeriodicBalanceMovesTasksToAJoiningNode() {
        h = TaskHarness.builder().nodes("a").register("job", sleeps(Duration.ofMinutes(5)))
                .consumerSettings(ConsumerSettings.defaults()).build(); // with the claim delay: less-loaded nodes win
        for (int i = 0; i < 9; i++) {
            h.submit("t" + i, "job", null);
        }
        h.startNode("b");
        h.startNode("c");
        h.advance(Duration.ofMinutes(2)); // a few balance intervals (30 s + up to 3 s jitter) and claim back-offs
        Map<String, Integer> c = counts();
        assertThat(c).containsOnlyKeys("a", "b", "c");
        // fair per the balancer: nobody above ceil(avg 3 x 1.2) = 4, and the joiners got work
        assertThat(c.values()).allSatisfy(n -> assertThat(n).isBetween(1, 4));
        assertThat(c.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(9);
    }

    @Test
    void freezeStopsClaimingButNotTheTasksAlreadyOwned() {
        var handler = sleeps(Duration.ofMinutes(1));
        h = TaskHarness.builder().register("job", handler).build();
        h.submit("old", "job", null);
        h.freeze("node-1");
        assertThat(h.consumer("node-1").isFrozen()).isTrue();
        h.submit("new", "job", null);
        h.advance(Duration.ofMinutes(10));
        h.assertTask("new").isIn(RUNNABLE).isUnclaimed();
        assertThat(handler.callsOf("new")).isEmpty();
        assertThat(handler.callsOf("old")).hasSize(11);

        h.unfreeze("node-1");
        h.assertTask("new").isIn(SLEEPING).isOwnedBy("node-1");
    }

    /** Issue 14 item 7: like Metafora, a frozen node suspends its periodic balance (it sheds no task). */
    @Test
    void aFrozenNodeShedsNoTaskOnThePeriodicBalanceUntilUnfrozen() {
        h = TaskHarness.builder().nodes("a").register("job", Handlers.scripted(ctx -> Command.pause())).build();
        for (int i = 0; i < 10; i++) {
            h.submit("t" + i, "job", null);
        }
        h.freeze("a");
        h.startNode("b");
        h.advance(Duration.ofMinutes(5)); // several balance intervals (30 s + up to 3 s jitter)
        assertThat(counts()).as("frozen: no periodic balance").containsEntry("a", 10).containsEntry("b", 0);

        h.unfreeze("a");
        h.advance(Duration.ofMinutes(5));
        assertThat(counts()).as("unfrozen: the periodic balance runs again").containsEntry("a", 6)
                .containsEntry("b", 4);
    }

    @Test
    void stopTaskReleasesThatTaskAndUnknownNodeCommandsAreHarmless() {
        h = TaskHarness.builder().nodes("a", "b").register("job", sleeps(Duration.ofHours(1))).build();
        h.submit("t1", "job", null);
        h.assertTask("t1").isOwnedBy("a");
        h.nodeCommand("a", "dance", null);
        h.nodeCommand("a", NodeCommand.STOP_TASK, "t1");
        h.assertTask("t1").isOwnedBy("b").isIn(SLEEPING);
        h.submit("t2", "job", null);
        h.assertTask("t2").isIn(SLEEPING);
    }

    @Test
    void aCrashedNodesTasksMoveAfterTheLeaseExpires() {
        var handler = Handlers.scripted(ctx -> ctx.state().version() == 0
                ? Command.sleepUntil(ctx.now().plus(Duration.ofMinutes(5))) : Command.complete());
        h = TaskHarness.builder().nodes("a", "b").register("job", handler).build();
        h.submit("t1", "job", null);
        h.assertTask("t1").isOwnedBy("a");
        h.killNode("a");
        h.advance(Duration.ofSeconds(9));
        h.assertTask("t1").isOwnedBy("a");
        h.advance(Duration.ofSeconds(2));
        h.assertTask("t1").isOwnedBy("b").isIn(SLEEPING);
        h.advance(Duration.ofMinutes(5));
        h.assertTask("t1").isIn(COMPLETED);
        assertThat(handler.calls).extracting(Handlers.Scripted.Call::nodeId).containsExactly("a", "b");
    }

    @Test
    void aClaimLostDuringACallbackDropsItsResultAndTheTaskRunsAgainUnderANewFence() {
        var handler = Handlers.scripted(ctx -> {
            if (h.claims(ctx.taskId()).size() == 1) {
                h.cluster().expireClaim(ctx.taskId());
                h.deliverEvents();
                return Command.sleepUntil(ctx.now().plus(Duration.ofHours(1)));
            }
            return Command.complete();
        });
        h = TaskHarness.builder().register("job", handler).build();
        h.submit("t1", "job", null);
        h.assertTask("t1").isIn(COMPLETED).hasTransitionCommands(COMPLETE);
        assertThat(h.claims("t1")).hasSize(2);
        assertThat(handler.calls).hasSize(2);
    }

    @Test
    void aWriteThatFailsWhileTheStoreIsUnreachableIsRetried() {
        var handler = Handlers.scripted(ctx -> ctx.state().version() == 0
                ? Command.sleepUntil(ctx.now().plus(Duration.ofMinutes(1))) : Command.complete());
        h = TaskHarness.builder().register("job", handler).build();
        h.submit("t1", "job", null);
        h.advance(Duration.ofSeconds(55));
        h.cluster().partitionNode("node-1");
        h.advance(Duration.ofSeconds(7)); // the wake-up write fails and is retried with back-off
        h.assertTask("t1").isIn(SLEEPING);
        h.cluster().healNode("node-1");
        h.advance(Duration.ofSeconds(15));
        h.assertTask("t1").isIn(COMPLETED).hasTransitionCommands(SLEEP, RUN, COMPLETE);
        assertThat(h.claims("t1")).hasSize(1);
    }

    @Test
    void aResourceBalancerClaimsOnlyBelowItsLimitAndReleasesTheOldestAboveIt() {
        AtomicReference<Double> usage = new AtomicReference<>(95.0);
        h = TaskHarness.builder().nodes("a", "b").register("job", sleeps(Duration.ofHours(1)))
                .balancer(() -> Balancer.resource(usage::get, 80, 90)).build();
        h.submit("t1", "job", null);
        h.assertTask("t1").isIn(RUNNABLE).isUnclaimed();
        usage.set(50.0);
        h.advance(Duration.ofSeconds(5)); // the claim retry interval
        h.assertTask("t1").isOwnedBy("a");
        h.submit("t2", "job", null);
        h.assertTask("t2").isOwnedBy("a");

        usage.set(99.0); // both nodes report it: a releases its oldest, and b does not take it
        h.balance("a");
        h.assertTask("t1").isUnclaimed();
        h.assertTask("t2").isOwnedBy("a");
        usage.set(50.0);
        h.advance(Duration.ofSeconds(5));
        h.assertTask("t1").isOwnedBy("b").isIn(SLEEPING);
    }

    @Test
    void atClusterStartTheClaimDelaySpreadsTasksOverTheNodes() {
        h = TaskHarness.builder().nodes("a", "b", "c").register("job", sleeps(Duration.ofHours(1)))
                .consumerSettings(ConsumerSettings.defaults()).build();
        for (int i = 0; i < 30; i++) {
            h.client().submit("t" + i, "job", null); // stored before any node starts
        }
        h.advance(Duration.ofSeconds(1)); // the nodes start, are offered all 30 tasks at once, and race
        Map<String, Integer> c = counts();
        assertThat(c.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(30);
        assertThat(c.values()).as("no node takes (nearly) everything: %s", c)
                .allSatisfy(n -> assertThat(n).isBetween(5, 15));
    }

    @Test
    void aNodeThatReleasedATaskLeavesItToOthersForTheBackOff() {
        h = TaskHarness.builder().register("job", sleeps(Duration.ofHours(1))).build();
        h.submit("t1", "job", null);
        h.command("t1", Command.release());
        h.assertTask("t1").isUnclaimed().isIn(SLEEPING);
        h.advance(Duration.ofSeconds(29));
        h.assertTask("t1").isUnclaimed();
        h.advance(Duration.ofSeconds(1));
        h.assertTask("t1").isOwnedBy("node-1").isIn(SLEEPING);
    }
}
