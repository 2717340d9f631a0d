package io.windlass.systemtests.fault;

import io.windlass.launcher.WorkerProcess;
import static org.assertj.core.api.Assertions.assertThat;

import io.windlass.testing.etcd.EtcdExtension;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Promise 5 (docs/guarantees.md): every worker is restarted gracefully (SIGTERM: stop, persist, release, leave), one
 * after the other, while its tasks run: no step is lost or done twice, and a task's downtime (the gap between two
 * stored versions) stays bounded — a graceful release hands the task over at once, without waiting for a lease to
 * expire.
 */
@Tag("fault")
class RollingRestartFaultIT {
    static final Duration TTL = Duration.ofSeconds(2);
    /** Longest gap allowed between two stored versions of a task: its interval + release, watch, claim, first write. */
    static final Duration MAX_DOWNTIME = Duration.ofSeconds(5);

    @RegisterExtension
    static final EtcdExtension ETCD = EtcdExtension.builder().build();

    @RegisterExtension
    final WorkerFleet workers = new WorkerFleet();

    @Test
    void rollingGracefulRestartLosesAndDuplicatesNoStep() {
        Cluster cluster = workers.open(ETCD.endpoints(), "rolling", TTL, "--balance-interval", "10m",
                "--shutdown-grace", "5s");
        List<String> nodes = List.of("w1", "w2", "w3");
        nodes.forEach(workers::start);
        cluster.awaitNodes(Set.copyOf(nodes), Duration.ofSeconds(60), workers);
        List<String> ids = cluster.submitCounters("r", 60, 80, "200ms");
        cluster.awaitSteps(ids, 2, Duration.ofSeconds(60), workers);

        for (String node : nodes) {
            WorkerProcess old = workers.get(node);
            assertThat(old.stopGracefully(Duration.ofSeconds(20))).as(node + " stopped in time").isTrue();
            // SIGTERM: the JVM exits 143 after its shutdown hook; the hook's graceful stop must have completed
            assertThat(old.lines()).as(node + " log").anyMatch(l -> l.contains("stopped node=" + node));
            workers.start(node);
            cluster.awaitNodes(Set.of(node), Duration.ofSeconds(30), workers);
        }

        cluster.awaitCodes(ids, Set.of("COMPLETED"), Duration.ofSeconds(120), workers);
        FencingLedger ledger = cluster.ledger();
        ledger.assertHolds();
        Duration worst = Duration.ZERO;
        for (String id : ids) {
            assertThat(ledger.steps(id)).as(id).isEqualTo(80);
            List<StateEntry> h = ledger.history(id);
            for (int i = 2; i < h.size(); i++) { // from the first owner write on
                Duration gap = Duration.between(h.get(i - 1).updated(), h.get(i).updated());
                worst = gap.compareTo(worst) > 0 ? gap : worst;
            }
        }
        System.out.println("rolling restart: worst downtime " + worst + ", rejected writes "
                + workers.log().rejectedWrites().size());
        assertThat(worst).as("longest gap between two stored versions of a task").isLessThanOrEqualTo(MAX_DOWNTIME);
        Completeness.assertComplete(cluster.probe, cluster.expected, workers.liveNodes());
        assertThat(workers.log().errors()).as("worker errors").isEmpty();
    }
}
