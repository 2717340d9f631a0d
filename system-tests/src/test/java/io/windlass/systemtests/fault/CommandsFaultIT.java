package io.windlass.systemtests.fault;

import static org.assertj.core.api.Assertions.assertThat;

import io.windlass.statemachine.Command;
import io.windlass.testing.etcd.EtcdExtension;
import io.windlass.launcher.FaultProxy;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Promises 6 and 7 (docs/guarantees.md): commands are never lost and are applied exactly once, in order per task —
 * across a compaction that happened while a worker's watch was down, and while workers are killed and started.
 */
@Tag("fault")
class CommandsFaultIT {
    @RegisterExtension
    static final EtcdExtension ETCD = EtcdExtension.builder().build();

    @RegisterExtension
    final WorkerFleet workers = new WorkerFleet();

    @Test
    void compactionWhileTheWatchIsDownLosesNoCommand() {
        Duration ttl = Duration.ofSeconds(3);
        FaultProxy proxy = workers.proxyTo(ETCD.endpoints().get(0));
        Cluster cluster = workers.open(ETCD.endpoints(), "compact", ttl, "--balance-interval", "10m");
        workers.start("w1", proxy.endpoint());
        List<String> ids = cluster.submitCounters("c", 20, 1000, "1h");
        cluster.awaitSteps(ids, 1, Duration.ofSeconds(60), workers);
        cluster.awaitCodes(ids, Set.of("SLEEPING"), Duration.ofSeconds(30), workers);
        Map<String, Long> versions = new HashMap<>();
        ids.forEach(id -> versions.put(id, StateEntry.of(cluster.probe.get(cluster.probe.key("state", id))
                .orElseThrow()).version()));

        proxy.cut(); // the watch (and every other stream) of w1 is reset and cannot reconnect
        Instant marker = Instant.now().plus(Duration.ofDays(30)).truncatedTo(ChronoUnit.SECONDS);
        for (String id : ids) {
            cluster.client.command(id, Command.pause());
            cluster.client.command(id, Command.sleepUntil(marker));
        }
        // the observable precondition of a re-list: nothing was applied while w1 was cut off (so its watch saw none
        // of the commands), and their revisions are compacted before it reconnects: only a re-list can deliver them
        for (String id : ids) {
            assertThat(StateEntry.of(cluster.probe.get(cluster.probe.key("state", id)).orElseThrow()).version())
                    .as(id + " unchanged while cut off").isEqualTo(versions.get(id));
        }
        assertThat(cluster.probe.list("commands")).as("commands pending before the compaction").hasSize(2 * ids.size());
        ETCD.compact(ETCD.currentRevision());
        proxy.heal();

        Await.until("every command applied", Duration.ofSeconds(30),
                () -> cluster.probe.list("commands").isEmpty(), () -> workers.tails(20));
        for (String id : ids) {
            StateEntry s = StateEntry.of(cluster.probe.get(cluster.probe.key("state", id)).orElseThrow());
            assertThat(s.code()).as(id).isEqualTo("SLEEPING");
            assertThat(s.until()).as(id).isEqualTo(marker);
            assertThat(s.version()).as(id + ": version = before + 2 commands").isEqualTo(versions.get(id) + 2);
            assertThat(s.errors()).as(id + " errors").isZero();
        }
        assertThat(workers.get("w1").isAlive()).isTrue();
        cluster.expected.replaceAll((id, code) -> "SLEEPING");
        Completeness.assertComplete(cluster.probe, cluster.expected, workers.liveNodes());
    }

    @Test
    void thousandCommandsUnderChurnAreAppliedExactlyOnceInOrder() throws Exception {
        Duration ttl = Duration.ofSeconds(2);
        Cluster cluster = workers.open(ETCD.endpoints(), "churn", ttl, "--balance-interval", "10m",
                "--timeout", "10s");
        List<String> nodes = List.of("w1", "w2", "w3");
        nodes.forEach(workers::start);
        List<String> ids = cluster.submitCounters("m", 20, 100_000, "1h");
        cluster.awaitSteps(ids, 1, Duration.ofSeconds(60), workers);
        cluster.awaitCodes(ids, Set.of("SLEEPING"), Duration.ofSeconds(30), workers);
        long start = cluster.probe.revision();

        // 4 senders with their own 5 tasks, 250 commands each, in 5 rounds of one kill and restart each
        CommandChurn.Result run = CommandChurn.run(workers, cluster, nodes, ids, 4, 250, 5);
        run.assertRanAsPlanned(workers, nodes, 1000);
        FencingLedger ledger = run.assertAppliedExactlyOnceInOrder(cluster, start, Duration.ofSeconds(90), workers);
        System.out.println("churn: 1000 commands, " + run.kills() + " kills, " + ledger.totalSteps() + " steps");
        cluster.expected.replaceAll((id, code) -> "<owned>");
        Completeness.assertComplete(cluster.probe, cluster.expected, workers.liveNodes());
    }
}
