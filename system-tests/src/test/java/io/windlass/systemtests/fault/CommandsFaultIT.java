package io.windlass.systemtests.fault;

import static org.assertj.core.api.Assertions.assertThat;

import io.etcd.jetcd.KeyValue;
import io.windlass.statemachine.Command;
import io.windlass.testing.etcd.EtcdExtension;
import io.windlass.launcher.FaultProxy;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
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

    private static long nodeLease(Cluster cluster, String node) {
        return cluster.probe.get(cluster.probe.key("nodes", node)).map(KeyValue::getLease).orElse(0L);
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

        AtomicBoolean churning = new AtomicBoolean(true);
        AtomicInteger kills = new AtomicInteger();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread churn = new Thread(() -> {
            Random random = new Random(7);
            try {
                while (churning.get()) {
                    String victim = nodes.get(random.nextInt(nodes.size()));
                    long lease = nodeLease(cluster, victim);
                    workers.get(victim).kill();
                    kills.incrementAndGet();
                    // same node id, new process at once (a restart after a crash): it waits for the dead one's lease
                    workers.start(victim, victim, workers.etcd(), "--wait-for-node-id", "60s");
                    Await.until(victim + " came up again after SIGKILL", Duration.ofSeconds(60),
                            () -> nodeLease(cluster, victim) != 0 && nodeLease(cluster, victim) != lease,
                            () -> workers.tails(20));
                    Await.pause(1500);
                }
            } catch (Throwable e) {
                failures.add(e);
            }
        }, "churn");
        churn.start();
        // 4 senders, each with its own 5 tasks (so each task's commands come from one thread, in order)
        List<CommandScript> scripts = new ArrayList<>();
        List<Thread> senders = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            CommandScript script = new CommandScript(42 + t, t * 100_000);
            scripts.add(script);
            List<String> mine = ids.subList(t * 5, t * 5 + 5);
            Random random = new Random(11 + t);
            Thread sender = new Thread(() -> {
                try {
                    for (int i = 0; i < 250; i++) {
                        script.sendNext(cluster.client, mine.get(random.nextInt(mine.size())));
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }, "sender-" + t);
            senders.add(sender);
            sender.start();
        }
        try {
            for (Thread sender : senders) {
                sender.join(120_000);
            }
        } finally {
            churning.set(false);
            churn.join(30_000);
        }
        assertThat(failures).as("command sends or restarts that failed").isEmpty();
        assertThat(workers.liveNodes()).as("every restarted node is running").containsExactlyElementsOf(nodes);
        assertThat(scripts.stream().mapToInt(CommandScript::sentCount).sum()).isEqualTo(1000);
        assertThat(kills.get()).as("workers killed while commands were sent").isGreaterThan(0);

        Await.until("every command applied", Duration.ofSeconds(90),
                () -> cluster.probe.list("commands").isEmpty(),
                () -> cluster.probe.list("commands").size() + " pending\n" + workers.tails(20));
        FencingLedger ledger = cluster.ledger();
        ledger.assertHolds();
        List<String> wrong = scripts.stream().flatMap(sc -> sc.violations(ledger, start).stream()).toList();
        assertThat(wrong).as("tasks whose commands were not applied exactly once in order").isEmpty();
        System.out.println("churn: 1000 commands, " + kills.get() + " kills, " + ledger.totalSteps() + " steps");
        cluster.expected.replaceAll((id, code) -> "<owned>");
        Completeness.assertComplete(cluster.probe, cluster.expected, workers.liveNodes());
    }
}
