package io.windlass.systemtests.fault;

import io.windlass.testing.etcd.EtcdExtension;
import java.time.Duration;
import java.util.List;
import java.util.Set;
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

        // 2 senders with their own 5 tasks, 150 commands each, in 3 rounds of one kill and restart each (a round
        // costs a cold TLS worker JVM's start; the victim is always the busiest owner, so every kill moves tasks)
        CommandChurn.Result run = CommandChurn.run(workers, cluster, nodes, ids, 2, 150, 3);
        run.assertRanAsPlanned(workers, nodes, 300);
        FencingLedger ledger = run.assertAppliedExactlyOnceInOrder(cluster, start, Duration.ofSeconds(180), workers);
        System.out.println("churn over mTLS + auth: 300 commands, " + run.kills() + " kills, "
                + ledger.totalSteps() + " steps");
        cluster.expected.replaceAll((id, code) -> "<owned>");
        Completeness.assertComplete(cluster.probe, cluster.expected, workers.liveNodes());
    }
}
