package io.windlass.systemtests.fault;

import io.windlass.launcher.WorkerProcess;
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
 * Scenarios 7 and 8: commands are never lost and are applied exactly once, in order per task — across a compaction
 * that happened while a worker's watch was down, and while workers are killed and started.
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
        List<String> relisted = workers.get("w1").lines().stream()
                .filter(l -> l.contains("compacted") || l.contains("re-join")).toList();
        System.out.println("compaction: w1 recovered via " + relisted);
        assertThat(relisted).as("w1 noticed the compaction or re-joined (and re-listed)").isNotEmpty();
        cluster.expected.replaceAll((id, code) -> "SLEEPING");
        Completeness.assertComplete(cluster.probe, cluster.expected, workers.liveNodes());
    }

    @Test
    void thousandCommandsUnderChurnAreAppliedExactlyOnceInOrder() throws Exception {
        Duration ttl = Duration.ofSeconds(2);
        Cluster cluster = workers.open(ETCD.endpoints(), "churn", ttl, "--balance-interval", "10m");
        List<String> nodes = List.of("w1", "w2", "w3");
        nodes.forEach(workers::start);
        List<String> ids = cluster.submitCounters("m", 20, 100_000, "1h");
        cluster.awaitSteps(ids, 1, Duration.ofSeconds(60), workers);
        cluster.awaitCodes(ids, Set.of("SLEEPING"), Duration.ofSeconds(30), workers);
        long start = cluster.probe.revision();

        AtomicBoolean churning = new AtomicBoolean(true);
        AtomicInteger kills = new AtomicInteger();
        Thread churn = new Thread(() -> {
            Random random = new Random(7);
            while (churning.get()) {
                String victim = nodes.get(random.nextInt(nodes.size()));
                WorkerProcess w = workers.get(victim);
                if (w.isAlive() && workers.liveNodes().size() > 1) {
                    w.kill();
                    kills.incrementAndGet();
                    workers.start(victim); // same node id, new process (a restart after a crash)
                }
                Await.pause(1500);
            }
        }, "churn");
        churn.start();
        // 4 senders, each with its own 5 tasks (so each task's commands come from one thread, in order)
        List<CommandScript> scripts = new ArrayList<>();
        List<Thread> senders = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
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
        assertThat(failures).as("command sends that failed").isEmpty();
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
