package io.windlass.systemtests.fault;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.etcd.jetcd.Client;
import io.windlass.etcd.EtcdClients;
import io.windlass.etcd.EtcdCoordinatorSettings;
import io.windlass.etcd.EtcdTaskClient;
import io.windlass.launcher.FaultProxy;
import io.windlass.statemachine.Command;
import io.windlass.statemachine.WindlassException;
import io.windlass.testing.etcd.EtcdExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Promise 19 (docs/guarantees.md): ambiguous commits. Two workers and a client each reach etcd through their own
 * {@link FaultProxy}; {@link AnswerLoss} keeps making one of them lose every answer for a moment, so claims, state
 * writes (the workers'), submits and commands (the client's) are applied by etcd while their callers see a timeout or
 * a reset. The client retries each call under the same id (a submit of the same record, a command under its
 * {@code commandId}); the workers resolve their unknown outcomes by re-reading. Checked: the ledger holds (no step
 * stored twice or lost), every command is applied exactly once and in order ({@link CommandScript}), every submit
 * stored one task, and no claim is left without a runner — every claim at the end is on its live node's current
 * lease, and every claimed task answers a final command.
 */
@Tag("fault")
class AmbiguousCommitsFaultIT {
    static final Duration TTL = Duration.ofSeconds(4);

    @RegisterExtension
    static final EtcdExtension ETCD = EtcdExtension.builder().build();

    @RegisterExtension
    final WorkerFleet workers = new WorkerFleet();

    private final AtomicInteger retries = new AtomicInteger();

    @Test
    void lostAnswersOnClaimsWritesSubmitsAndCommandsApplyEachOnceAndLeaveNoOrphanClaim() throws Exception {
        String etcd = ETCD.endpoints().get(0);
        Cluster cluster = workers.open(ETCD.endpoints(), "ambiguous", TTL, "--balance-interval", "10m",
                "--timeout", "10s");
        FaultProxy toW1 = workers.proxyTo(etcd);
        FaultProxy toW2 = workers.proxyTo(etcd);
        FaultProxy toClient = workers.proxyTo(etcd);
        workers.start("w1", toW1.endpoint());
        workers.start("w2", toW2.endpoint());
        cluster.awaitNodes(Set.of("w1", "w2"), Duration.ofSeconds(60), workers);
        List<String> sleepers = cluster.submitCounters("s", 8, 100_000, "1h");
        cluster.awaitCodes(sleepers, Set.of("SLEEPING"), Duration.ofSeconds(60), workers);
        long start = cluster.probe.revision();

        CommandScript script = new CommandScript(5, 0);
        List<String> fresh = new ArrayList<>();
        int windows;
        Client jetcd = EtcdClients.connect(toClient.endpoint());
        try (EtcdTaskClient lossy = EtcdTaskClient.create(jetcd, cluster.namespace,
                EtcdCoordinatorSettings.defaults().withRequestTimeout(Duration.ofSeconds(2)));
                AnswerLoss workerLoss = new AnswerLoss(List.of(toW1, toW2), 17);
                AnswerLoss clientLoss = new AnswerLoss(List.of(toClient), 19)) {
            Random random = new Random(3);
            for (int i = 0; i < 16; i++) {
                String id = "a" + i;
                var props = JsonNodeFactory.instance.objectNode().put("steps", 20).put("interval", "100ms");
                retrying("submit " + id, () -> lossy.submit(id, "counter", props));
                cluster.expected.put(id, "COMPLETED");
                fresh.add(id);
                for (int c = 0; c < 3; c++) {
                    script.sendNext(sleepers.get(random.nextInt(sleepers.size())),
                            (task, command, commandId) -> retrying("command " + commandId,
                                    () -> lossy.command(task, command, commandId)));
                }
            }
            windows = workerLoss.windows() + clientLoss.windows();
        } finally {
            jetcd.close();
        }

        cluster.awaitCodes(fresh, Set.of("COMPLETED"), Duration.ofSeconds(90), workers);
        Await.until("every command applied", Duration.ofSeconds(60), () -> cluster.probe.list("commands").isEmpty(),
                () -> cluster.probe.list("commands").size() + " pending\n" + workers.tails(20));
        // a runner per claim: each claimed sleeper applies one more command (an orphan claim would leave it pending)
        for (String id : sleepers) {
            script.sendNext(cluster.client, id);
        }
        Await.until("every sleeper's runner applied the final command", Duration.ofSeconds(60),
                () -> cluster.probe.list("commands").isEmpty(),
                () -> cluster.probe.list("commands").size() + " pending\n" + workers.tails(20));

        FencingLedger ledger = cluster.ledger();
        ledger.assertHolds();
        assertThat(script.violations(ledger, start)).as("commands not applied exactly once in order").isEmpty();
        for (String id : fresh) {
            assertThat(ledger.steps(id)).as(id + " steps").isEqualTo(20);
        }
        assertThat(Completeness.claimsOffTheirNodesLease(cluster.probe)).as("claims not on their node's lease")
                .isEmpty();
        cluster.expected.replaceAll((id, code) -> id.startsWith("s") ? "<owned>" : code);
        Completeness.assertComplete(cluster.probe, cluster.expected, workers.liveNodes());
        assertThat(workers.get("w1").isAlive() && workers.get("w2").isAlive()).isTrue();
        long writes = workers.all().stream().flatMap(w -> w.lines().stream())
                .filter(l -> l.contains("unknown-outcome write")).count();
        long claims = workers.all().stream().flatMap(w -> w.lines().stream())
                .filter(l -> l.contains("unknown-outcome claim") && l.contains("re-sending")).count();
        System.out.println("ambiguous commits: " + windows + " windows of lost answers; unknown outcomes: "
                + retries.get() + " client calls (retried under their id), " + writes + " worker writes, " + claims
                + " claims; " + script.sentCount() + " commands, " + ledger.totalSteps() + " steps");
        assertThat(retries.get()).as("client calls whose answer was lost (the fault hit)").isPositive();
    }

    /** Calls {@code call} until it answers; a retryable failure (timeout, reset) is retried under the same id. */
    private <T> T retrying(String what, Supplier<T> call) {
        AtomicReference<T> answer = new AtomicReference<>();
        AtomicReference<WindlassException> last = new AtomicReference<>();
        Await.until(what + " answered", Duration.ofSeconds(60), () -> {
            try {
                answer.set(call.get());
                return true;
            } catch (WindlassException e) {
                if (!e.retryable()) {
                    throw new AssertionError(what + " failed", e);
                }
                retries.incrementAndGet();
                last.set(e);
                return false; // tried again on the next check
            }
        }, () -> "last failure: " + last.get());
        return answer.get();
    }
}
