package io.windlass.testing.harness;

import static io.windlass.statemachine.StateCode.RUNNABLE;
import static io.windlass.statemachine.StateCode.SLEEPING;
import static org.assertj.core.api.Assertions.assertThat;

import io.windlass.consumer.ConsumerListener;
import io.windlass.consumer.ConsumerSettings;
import io.windlass.consumer.balance.BalanceInput;
import io.windlass.consumer.balance.Balancer;
import io.windlass.consumer.balance.ClaimDecision;
import io.windlass.consumer.spi.NodeCommand;
import io.windlass.consumer.spi.TaskRecord;
import io.windlass.statemachine.Command;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Metafora's own test scenarios that had no equivalent here, ported as scenarios (not code) onto real consumers, the
 * in-memory store and virtual time: TestIgnore, TestBalancer, TestDoubleRelease, metcdv3's TestFairBalancer and
 * TestSleepTest. (TestRules is {@link TransitionRulesScenarioTest}.)
 */
class MetaforaScenariosTest {
    private TaskHarness h;
    private final Handlers.Looper looper = Handlers.looper(() -> h.now());

    @AfterEach
    void close() {
        if (h != null) {
            h.close();
        }
    }

    /** TestIgnore: tasks a balancer defers come back when their deadline passes, earliest first, none early. */
    @Test
    void ignoredTasksExpireInDeadlineOrderAndNoneEarly() {
        Map<String, Duration> ignoreFor = Map.of("1", Duration.ofMillis(200), "2", Duration.ofMillis(10));
        Map<String, Instant> until = new HashMap<>();
        Balancer deferOnce = new Balancer() {
            @Override
            public ClaimDecision canClaim(TaskRecord task, Instant now) {
                Instant deadline = until.computeIfAbsent(task.id(), id -> now.plus(ignoreFor.get(id)));
                return now.isBefore(deadline) ? ClaimDecision.notBefore(deadline, "ignored") : ClaimDecision.claim();
            }

            @Override
            public Set<String> balance(BalanceInput input) {
                return Set.of();
            }
        };
        var handler = Handlers.scripted(ctx -> Command.sleepUntil(ctx.now().plus(Duration.ofDays(1))));
        h = TaskHarness.builder().register("job", handler).balancer(() -> deferOnce).build();
        Instant start = h.now();
        h.submit("1", "job", null);
        h.submit("2", "job", null);

        h.advance(Duration.ofMillis(9));
        assertThat(handler.calls).isEmpty();
        h.advance(Duration.ofMillis(1));
        assertThat(handler.calls).extracting(Handlers.Scripted.Call::taskId).containsExactly("2");
        h.advance(Duration.ofMillis(189));
        assertThat(handler.calls).hasSize(1);
        h.advance(Duration.ofMillis(1));
        assertThat(handler.calls).extracting(c -> c.taskId() + "@" + Duration.between(start, c.at()).toMillis())
                .containsExactly("2@10", "1@200");
    }

    /**
     * TestBalancer: a balancer refusing every task but one until +100 h: only the allowed task runs, and balance sees
     * only it; shutdown is prompt and leaves nothing claimed.
     */
    @Test
    void aBalancerRefusingTasksForAHundredHoursRunsOnlyTheAllowedOneAndBalanceSeesOnlyIt() {
        List<List<String>> seenByBalance = Collections.synchronizedList(new ArrayList<>());
        Balancer onlyOk = new Balancer() {
            @Override
            public ClaimDecision canClaim(TaskRecord task, Instant now) {
                return task.id().equals("ok-task") ? ClaimDecision.claim()
                        : ClaimDecision.notBefore(now.plus(Duration.ofHours(100)), "not this one");
            }

            @Override
            public Set<String> balance(BalanceInput input) {
                seenByBalance.add(input.ownTasks().stream().map(BalanceInput.OwnedTask::taskId).toList());
                return Set.of();
            }
        };
        var untilStopped = Handlers.untilStopped();
        ConsumerSettings d = ConsumerSettings.defaults();
        ConsumerSettings hourlyBalance = new ConsumerSettings(Duration.ofHours(1), Duration.ZERO, d.shutdownGrace(),
                d.releaseBackoff(), d.claimRetry(), Duration.ZERO, d.claimDelayMax(), d.writeRetryMin(),
                d.writeRetryMax(), d.maxClaimsInFlight());
        h = TaskHarness.builder().register("job", untilStopped).balancer(() -> onlyOk)
                .consumerSettings(hourlyBalance).build();
        for (String id : List.of("test1", "ok-task", "test2")) {
            h.submit(id, "job", null);
        }
        h.balance("node-1");
        assertThat(seenByBalance).containsExactly(List.of("ok-task"));
        h.advance(Duration.ofHours(101)); // the refused tasks are asked about again after 100 h: refused again
        assertThat(seenByBalance).hasSize(1 + 101).allSatisfy(ids -> assertThat(ids).containsExactly("ok-task"));
        h.assertTask("test1").isUnclaimed().isIn(RUNNABLE);
        h.assertTask("test2").isUnclaimed().isIn(RUNNABLE);

        Instant shutdownAt = h.now();
        h.shutdownNode("node-1");
        assertThat(h.consumer("node-1").isTerminated()).isTrue();
        assertThat(h.now()).isEqualTo(shutdownAt);
        assertThat(untilStopped.calls).extracting(Handlers.Scripted.Call::taskId).containsExactly("ok-task");
        h.assertTask("ok-task").isUnclaimed();
    }

    /**
     * TestDoubleRelease: against a handler that ignores stop, repeated balance and stop requests neither block the
     * node nor release the task twice; shutdown waits for the handler (within the grace) and then completes.
     */
    @Test
    void repeatedBalanceAndStopRequestsAgainstAHandlerIgnoringStopAreHarmless() {
        AtomicBoolean reallyStop = new AtomicBoolean();
        var stubborn = Handlers.scripted(ctx -> {
            while (!reallyStop.get()) {
                h.blockFor(Duration.ofSeconds(1)); // does not look at ctx.stop()
            }
            return Command.checkpoint();
        });
        ReleaseAllBalancer releaseAll = new ReleaseAllBalancer();
        List<String> released = Collections.synchronizedList(new ArrayList<>());
        h = TaskHarness.builder().register("job", stubborn).balancer(() -> releaseAll).listener(new ConsumerListener() {
            @Override
            public void taskReleased(String taskId, String reason) {
                released.add(taskId + ": " + reason);
            }
        }).build();
        h.submit("1", "job", null);

        for (int i = 0; i < 3; i++) {
            h.balance("node-1");
        }
        h.nodeCommand("node-1", NodeCommand.STOP_TASK, "1");
        assertThat(releaseAll.balanced).as("the node kept balancing").hasSize(3)
                .allSatisfy(ids -> assertThat(ids).containsExactly("1"));
        h.assertTask("1").isOwnedBy("node-1").isIn(RUNNABLE);
        assertThat(released).isEmpty();

        h.shutdownNode("node-1");
        h.advance(Duration.ofSeconds(10));
        assertThat(h.consumer("node-1").isTerminated()).as("the handler still runs: shutdown waits").isFalse();
        reallyStop.set(true);
        h.advance(Duration.ofSeconds(1));

        assertThat(h.consumer("node-1").isTerminated()).isTrue();
        assertThat(released).as("released once, by the first stop request").containsExactly("1: balancer");
        assertThat(stubborn.calls).hasSize(1);
        assertThat(h.overdue("node-1")).isEmpty();
        assertThat(h.rejections("1")).isEmpty();
        h.assertTask("1").isUnclaimed().isIn(RUNNABLE).hasNoPendingCommands().hasErrorCount(0);
    }

    /** TestDoubleRelease past the grace: the stuck handler is reported with its thread's stack; the task is freed. */
    @Test
    void aHandlerIgnoringStopPastTheShutdownGraceIsReportedWithItsStack() {
        var stubborn = Handlers.scripted(ctx -> {
            while (true) {
                h.blockFor(Duration.ofSeconds(1));
            }
        });
        List<String> reports = Collections.synchronizedList(new ArrayList<>());
        h = TaskHarness.builder().register("job", stubborn).listener(new ConsumerListener() {
            @Override
            public void callbackOverdue(String taskId, String threadName, List<StackTraceElement> stack) {
                reports.add(taskId + " on " + threadName + " at " + stack);
            }
        }).build();
        h.submit("1", "job", null);
        h.shutdownNode("node-1");
        h.advance(Duration.ofSeconds(29));
        assertThat(h.consumer("node-1").isTerminated()).isFalse();
        h.advance(Duration.ofSeconds(1));

        assertThat(h.consumer("node-1").isTerminated()).isTrue();
        assertThat(h.overdue("node-1")).containsExactly("1");
        assertThat(reports).singleElement().asString().startsWith("1 on harness-handler-")
                .contains("TaskHarness.blockFor", "MetaforaScenariosTest.lambda$aHandlerIgnoringStopPastTheShutdown");
        h.assertTask("1").as("leaving the cluster dropped the claim").isUnclaimed();
    }

    /**
     * metcdv3 TestFairBalancer: 6 busy long-running tasks on one node; a second joins and the first is told to
     * balance: 4|2. Balancing again, on either node, moves nothing: the same task ids stay put, not just the counts.
     */
    @Test
    void afterAFurtherBalanceTheSameTaskIdsStayPut() {
        h = TaskHarness.builder().nodes("node1").register("loop", looper).build();
        for (int i = 1; i <= 6; i++) {
            h.submit("t" + i, "loop", null);
        }
        assertThat(owned()).containsExactly(Map.entry("node1", Set.of("t1", "t2", "t3", "t4", "t5", "t6")));
        h.startNode("node2");
        h.advance(Duration.ofSeconds(1));
        h.balance("node1");
        Map<String, Set<String>> balanced = owned();
        assertThat(balanced.get("node1")).hasSize(4);
        assertThat(balanced.get("node2")).hasSize(2);

        h.advance(Duration.ofSeconds(2));
        h.balance("node2");
        h.balance("node1");
        h.advance(Duration.ofSeconds(2));
        assertThat(owned()).isEqualTo(balanced);
        looper.assertNoOverlap();
        assertThat(looper.runs).as("only the 2 moved tasks stopped").hasSize(2)
                .allSatisfy(r -> assertThat(balanced.get("node2")).contains(r.taskId()));
    }

    /** Metafora's integer math on odd counts: 7 busy tasks on one node, a second joins: 4|3 (not 5|2). */
    @Test
    void sevenTasksOnTwoNodesSettleAtFourAndThree() {
        h = TaskHarness.builder().nodes("node1").register("loop", looper).build();
        for (int i = 1; i <= 7; i++) {
            h.submit("t" + i, "loop", null);
        }
        h.startNode("node2");
        h.balance("node1");
        h.advance(Duration.ofMinutes(5)); // several periodic balances of both nodes
        assertThat(owned()).extractingFromEntries(e -> e.getKey() + "=" + e.getValue().size())
                .containsExactlyInAnyOrder("node1=4", "node2=3");
    }

    /**
     * metcdv3 TestSleepTest: two nodes, a task that holds its callback, then sleeps 5 s: it runs on exactly one node;
     * shutting both nodes down while it sleeps finishes at once (within 5 s) and leaves nothing claimed.
     */
    @Test
    void shuttingDownBothNodesWhileATaskSleepsFinishesWithinFiveSeconds() {
        AtomicBoolean hold = new AtomicBoolean(true);
        var sleeper = Handlers.scripted(ctx -> {
            while (hold.get() && !ctx.stop().await(Duration.ofMillis(100))) {
                // held by the test
            }
            return Command.sleepUntil(ctx.now().plusSeconds(5));
        });
        h = TaskHarness.builder().nodes("node1", "node2").register("job", sleeper).build();
        h.submit("sleeping-task1", "job", null);
        h.advance(Duration.ofMillis(500));
        assertThat(runningOn()).as("running on exactly one node").hasSize(1);
        hold.set(false);
        h.advance(Duration.ofMillis(500));
        h.assertTask("sleeping-task1").isIn(SLEEPING);
        assertThat(runningOn()).hasSize(1);

        Instant shutdownAt = h.now();
        h.consumer("node1").shutdown();
        h.consumer("node2").shutdown();
        h.runUntilIdle();
        for (int i = 0; i < 50 && !(terminated("node1") && terminated("node2")); i++) {
            h.advance(Duration.ofMillis(100));
        }
        assertThat(terminated("node1") && terminated("node2")).isTrue();
        assertThat(Duration.between(shutdownAt, h.now())).isLessThanOrEqualTo(Duration.ofSeconds(5));
        assertThat(runningOn()).isEmpty();
        h.assertTask("sleeping-task1").isUnclaimed().isIn(SLEEPING);
        assertThat(sleeper.calls).hasSize(1);
    }

    private boolean terminated(String node) {
        return h.consumer(node).isTerminated();
    }

    /** The nodes that own a task now (a consumer's view). */
    private List<String> runningOn() {
        List<String> nodes = new ArrayList<>();
        for (String n : List.of("node1", "node2")) {
            if (!h.consumer(n).ownedTasks().isEmpty()) {
                nodes.add(n);
            }
        }
        return nodes;
    }

    /** Node → the ids it owns (the store's view), for nodes that own any. */
    private Map<String, Set<String>> owned() {
        Map<String, Set<String>> byNode = new LinkedHashMap<>();
        for (var v : h.client().list(io.windlass.consumer.client.TaskFilter.all())) {
            if (v.owner() != null) {
                byNode.computeIfAbsent(v.owner(), n -> new TreeSet<>()).add(v.id());
            }
        }
        return byNode;
    }
}
