package io.windlass.systemtests.fault;

import static org.assertj.core.api.Assertions.assertThat;

import io.etcd.jetcd.KeyValue;
import io.windlass.testing.etcd.EtcdExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Scenario 8 (ordered commands while workers are killed and restarted) over mutual TLS with etcd auth on, by workers
 * whose user holds only the namespace's role ({@code windlass etcd-role --apply}), with etcd tokens that expire every
 * few seconds ({@code --auth-token-ttl=3}: the workers re-authenticate throughout): every command is applied exactly
 * once, in order per task.
 */
@Tag("fault")
class SecureCommandsFaultIT {
    static final SecureEtcd SEC = SecureEtcd.create("commands");

    @RegisterExtension
    static final EtcdExtension ETCD = EtcdExtension.builder().tls(SEC.tls()).extraArgs("--auth-token-ttl=3").build();

    @RegisterExtension
    final WorkerFleet workers = new WorkerFleet();

    @BeforeAll
    static void auth() {
        SEC.enableAuth(ETCD);
    }

    private static long nodeLease(Cluster cluster, String node) {
        return cluster.probe.get(cluster.probe.key("nodes", node)).map(KeyValue::getLease).orElse(0L);
    }

    @Test
    void commandsUnderChurnOverMutualTlsAreAppliedExactlyOnceInOrder() throws Exception {
        SEC.addNamespaceUser(ETCD, "cmd-worker", "scmd", workers);
        Cluster cluster = workers.open(SEC.adminCluster(ETCD.endpoints(), "scmd"), ETCD.endpoints(),
                Duration.ofSeconds(8), SEC.workerFlags("cmd-worker"), "--balance-interval", "10m", "--timeout", "20s");
        List<String> nodes = List.of("w1", "w2", "w3");
        nodes.forEach(workers::start);
        List<String> ids = cluster.submitCounters("m", 10, 100_000, "1h");
        cluster.awaitSteps(ids, 1, Duration.ofSeconds(90), workers);
        cluster.awaitCodes(ids, Set.of("SLEEPING"), Duration.ofSeconds(60), workers);
        long start = cluster.probe.revision();

        AtomicBoolean churning = new AtomicBoolean(true);
        AtomicInteger kills = new AtomicInteger();
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        Thread churn = new Thread(() -> {
            Random random = new Random(7);
            try {
                while (churning.get()) {
                    String victim = nodes.get(random.nextInt(nodes.size()));
                    long lease = nodeLease(cluster, victim);
                    workers.get(victim).kill();
                    kills.incrementAndGet();
                    // same node id, new process at once (a restart after a crash): the dead one's registration
                    // lives until its lease expires, so the new process must wait for the id (else NODE_ID_TAKEN)
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
        // 2 senders, each with its own 5 tasks (each task's commands come from one thread, in order)
        List<CommandScript> scripts = new ArrayList<>();
        List<Thread> senders = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            CommandScript script = new CommandScript(42 + t, t * 100_000);
            scripts.add(script);
            List<String> mine = ids.subList(t * 5, t * 5 + 5);
            Random random = new Random(11 + t);
            Thread sender = new Thread(() -> {
                try {
                    for (int i = 0; i < 150; i++) {
                        script.sendNext(cluster.client, mine.get(random.nextInt(mine.size())));
                        if (i % 30 == 29) {
                            Await.pause(1000); // spread the sends over several kills
                        }
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
                sender.join(180_000);
            }
        } finally {
            churning.set(false);
            churn.join(30_000);
        }
        assertThat(failures).as("command sends or restarts that failed").isEmpty();
        assertThat(workers.liveNodes()).as("every restarted node is running").containsExactlyElementsOf(nodes);
        assertThat(scripts.stream().mapToInt(CommandScript::sentCount).sum()).isEqualTo(300);
        assertThat(kills.get()).as("workers killed while commands were sent").isGreaterThan(0);

        Await.until("every command applied", Duration.ofSeconds(180),
                () -> cluster.probe.list("commands").isEmpty(),
                () -> cluster.probe.list("commands").size() + " pending\n" + workers.tails(20));
        FencingLedger ledger = cluster.ledger();
        ledger.assertHolds();
        List<String> wrong = scripts.stream().flatMap(sc -> sc.violations(ledger, start).stream()).toList();
        assertThat(wrong).as("tasks whose commands were not applied exactly once in order").isEmpty();
        System.out.println("churn over mTLS + auth: 300 commands, " + kills.get() + " kills, "
                + ledger.totalSteps() + " steps");
        cluster.expected.replaceAll((id, code) -> "<owned>");
        Completeness.assertComplete(cluster.probe, cluster.expected, workers.liveNodes());
    }
}
