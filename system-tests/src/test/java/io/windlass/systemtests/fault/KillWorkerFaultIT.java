package io.windlass.systemtests.fault;

import static org.assertj.core.api.Assertions.assertThat;

import io.windlass.testing.etcd.EtcdExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Promises 1 and 4 (docs/guarantees.md): kill -9 a worker holding ~100 tasks; all run elsewhere within the takeover
 * bound, nothing lost.
 */
@Tag("fault")
class KillWorkerFaultIT {
    static final Duration TTL = Duration.ofSeconds(2);

    @RegisterExtension
    static final EtcdExtension ETCD = EtcdExtension.builder().build();

    @RegisterExtension
    final WorkerFleet workers = new WorkerFleet();

    @Test
    void killedWorkersTasksRunElsewhereWithinTheBound() {
        Cluster cluster = workers.open(ETCD.endpoints(), "kill9", TTL, "--balance-interval", "10m");
        workers.start("w1");
        List<String> ids = cluster.submitCounters("k", 100, 40, "500ms");
        cluster.awaitOwnedBy("w1", ids, Duration.ofSeconds(60), workers);
        workers.start("w2");
        workers.start("w3");
        cluster.awaitNodes(Set.of("w2", "w3"), Duration.ofSeconds(60), workers);
        assertThat(cluster.owners().values()).as("w1 still owns everything").containsOnly("w1");

        Instant killedAt = Instant.now();
        workers.get("w1").kill();

        cluster.awaitCodes(ids, Set.of("COMPLETED"), Duration.ofSeconds(90), workers);
        FencingLedger ledger = cluster.ledger();
        ledger.assertHolds();
        ids.forEach(id -> assertThat(ledger.steps(id)).as(id).isEqualTo(40));
        Map<String, Duration> delays = TakeoverBound.delays(ledger, ids, "w1", killedAt);
        Duration bound = TakeoverBound.bound(TTL, Duration.ofMillis(500), false);
        Duration worst = TakeoverBound.assertWithin(delays, bound);
        System.out.println("kill -9: worst takeover " + worst + " (bound " + bound + ")");
        Completeness.assertComplete(cluster.probe, cluster.expected, workers.liveNodes());
        assertThat(workers.log().errors()).as("worker errors").isEmpty();
    }
}
