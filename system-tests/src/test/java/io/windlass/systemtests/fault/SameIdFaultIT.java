package io.windlass.systemtests.fault;

import static org.assertj.core.api.Assertions.assertThat;

import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.options.LeaseOption;
import io.windlass.launcher.WorkerProcess;
import io.windlass.testing.etcd.EtcdExtension;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Promise 20 (docs/guarantees.md): one live process per node id, with real worker processes. A second process
 * started with a live node id exits with code 2 naming the id and the holder; a restart right after SIGKILL (with
 * {@code --wait-for-node-id}) comes up as soon as the dead process's lease ends; a twin started while the holder is
 * frozen (SIGSTOP) takes the id once the frozen one's lease ended, and after SIGCONT the old process neither
 * overwrites nor deletes the twin's registration and claims nothing. Checked: the ledger (no step stored twice, owner
 * fences never go back — never two writers of one task at a time), every claim on its node's current registration,
 * the twin's registration never gone nor replaced while the twin's lease lives, everything completes.
 */
@Tag("fault")
class SameIdFaultIT {
    static final Duration TTL = Duration.ofSeconds(3);

    @RegisterExtension
    static final EtcdExtension ETCD = EtcdExtension.builder().build();

    @RegisterExtension
    final WorkerFleet workers = new WorkerFleet();

    private Cluster cluster;

    /** w1 and w2 run {@code n} counters; w1 owns some of them. */
    private List<String> twoWorkersRunning(String ns, int n, int steps) {
        cluster = workers.open(ETCD.endpoints(), ns, TTL, "--balance-interval", "10m", "--timeout", "10s");
        workers.start("w1");
        cluster.awaitNodes(Set.of("w1"), Duration.ofSeconds(60), workers);
        List<String> ids = cluster.submitCounters("t", n, steps, "200ms");
        workers.start("w2");
        cluster.awaitNodes(Set.of("w2"), Duration.ofSeconds(60), workers);
        Await.until("w1 owns tasks", Duration.ofSeconds(60), () -> cluster.owners().containsValue("w1"),
                () -> workers.tails(20));
        cluster.awaitSteps(ids, 2, Duration.ofSeconds(60), workers);
        return ids;
    }

    private long nodeLease(String node) {
        return cluster.probe.get(cluster.probe.key("nodes", node)).map(KeyValue::getLease).orElse(0L);
    }

    private boolean leaseAlive(long lease) {
        try {
            return cluster.probe.client().getLeaseClient().timeToLive(lease, LeaseOption.DEFAULT)
                    .get(10, TimeUnit.SECONDS).getTTL() > 0;
        } catch (Exception e) {
            throw new IllegalStateException("lease " + Long.toHexString(lease) + " unreadable", e);
        }
    }

    private void awaitNewRegistration(String node, long old) {
        Await.until(node + " registered again by a new process", Duration.ofSeconds(60),
                () -> nodeLease(node) != 0 && nodeLease(node) != old, () -> workers.tails(20));
    }

    private void completesCorrectly(List<String> ids, int steps) {
        cluster.awaitCodes(ids, Set.of("COMPLETED"), Duration.ofSeconds(120), workers);
        FencingLedger ledger = cluster.ledger();
        ledger.assertHolds();
        for (String id : ids) {
            assertThat(ledger.steps(id)).as(id + " steps").isEqualTo(steps);
        }
        Completeness.assertComplete(cluster.probe, cluster.expected, workers.liveNodes());
    }

    @Test
    void aTwinOfALiveNodeExitsWithCode2AndARestartAfterSigkillComesUp() {
        List<String> ids = twoWorkersRunning("sameid-kill", 16, 60);
        long holder = nodeLease("w1");

        WorkerProcess twin = workers.start("w1-twin", "w1", workers.etcd());
        Await.until("the twin exits", Duration.ofSeconds(60), () -> !twin.isAlive(), () -> twin.tail(20));
        assertThat(twin.exitCode()).as("exit code of a second process with a live id").isEqualTo(2);
        assertThat(twin.tail(5)).contains("NODE_ID_TAKEN").contains("'w1'").contains(Long.toHexString(holder));
        assertThat(nodeLease("w1")).as("the holder's registration stands").isEqualTo(holder);
        assertThat(workers.get("w1").isAlive()).isTrue();

        workers.get("w1").kill();
        WorkerProcess restarted = workers.start("w1", "w1", workers.etcd(), "--wait-for-node-id", "60s");
        awaitNewRegistration("w1", holder);
        assertThat(restarted.isAlive()).as("the restart came up").isTrue();
        assertThat(Completeness.claimsOffTheirNodesLease(cluster.probe)).as("claims of a dead process").isEmpty();
        completesCorrectly(ids, 60);
    }

    @Test
    void aTwinStartedWhileTheHolderIsFrozenTakesTheIdAndTheOldProcessLeavesItAlone() throws Exception {
        List<String> ids = twoWorkersRunning("sameid-stop", 16, 80);
        WorkerProcess old = workers.get("w1");
        long oldLease = nodeLease("w1");
        old.pause();
        WorkerProcess twin = workers.start("w1-twin", "w1", workers.etcd(), "--wait-for-node-id", "60s");
        awaitNewRegistration("w1", oldLease);
        long twinLease = nodeLease("w1");

        List<String> lost = new CopyOnWriteArrayList<>();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "registration-sampler");
            t.setDaemon(true);
            return t;
        });
        sampler.scheduleWithFixedDelay(() -> {
            long now = nodeLease("w1");
            // gone or replaced while the twin's lease still lives: taken from it. (A twin that itself loses its
            // lease on a loaded machine frees the id; the old process may then take it legitimately.)
            if (now != twinLease && leaseAlive(twinLease)) {
                lost.add(now == 0 ? "gone" : "replaced by lease " + Long.toHexString(now));
            }
        }, 0, 50, TimeUnit.MILLISECONDS);
        try {
            old.resume();
            // the old process wakes past its deadline: it fences its tasks, finds the id taken, and stays out
            long woke = System.nanoTime();
            Await.until("3 x TTL after SIGCONT", TTL.multipliedBy(4),
                    () -> Await.since(woke).compareTo(TTL.multipliedBy(3)) >= 0);
            assertThat(Completeness.claimsOffTheirNodesLease(cluster.probe)).as("claims off a current registration")
                    .isEmpty();
            completesCorrectly(ids, 80);
        } finally {
            sampler.shutdown();
            sampler.awaitTermination(5, TimeUnit.SECONDS);
        }
        assertThat(lost).as("moments the twin's registration was gone or replaced").isEmpty();
        assertThat(twin.isAlive()).isTrue();
        System.out.println("same id: old process alive=" + old.isAlive() + " exit=" + old.exitCode()
                + "; twin's lease alive at the end=" + leaseAlive(twinLease));
    }
}
