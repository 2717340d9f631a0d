package io.windlass.systemtests.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Scenario 1 (kill -9 takeover), shared by {@link KillWorkerFaultIT} and {@link SecureKillWorkerFaultIT}: w1 claims
 * every task, w2 and w3 join, w1 is SIGKILLed while the tasks run; every task completes on the survivors with each
 * step stored once, each is taken over within {@code bound}, nothing is lost and no worker logged an error.
 *
 * @param tasks counters to run (interval 500 ms)
 * @param steps steps of each: enough that they still run when w1 is killed (after w2 and w3 started)
 * @param startTimeout how long w1's claims and each joining node may take (cold worker JVMs)
 * @param completeTimeout how long the tasks may take to complete after the kill
 * @param oneJvmAtATime start w3 only once w2 registered (cold TLS JVMs on a loaded machine)
 */
record KillTakeover(int tasks, int steps, Duration startTimeout, Duration completeTimeout, boolean oneJvmAtATime) {
    static final Duration INTERVAL = Duration.ofMillis(500);

    /** Runs the scenario on {@code cluster}'s namespace with the fleet's workers; returns the worst takeover delay. */
    Duration run(WorkerFleet workers, Cluster cluster, Duration bound) {
        workers.start("w1");
        List<String> ids = cluster.submitCounters("k", tasks, steps, INTERVAL.toMillis() + "ms");
        cluster.awaitOwnedBy("w1", ids, startTimeout, workers);
        workers.start("w2");
        if (oneJvmAtATime) {
            cluster.awaitNodes(Set.of("w2"), startTimeout, workers);
        }
        workers.start("w3");
        cluster.awaitNodes(Set.of("w2", "w3"), startTimeout, workers);
        assertThat(cluster.owners().values()).as("w1 still owns everything").containsOnly("w1");
        assertThat(cluster.owners().keySet()).as("every task still running (claimed) when w1 is killed")
                .containsAll(ids);

        Instant killedAt = Instant.now();
        workers.get("w1").kill();

        cluster.awaitCodes(ids, Set.of("COMPLETED"), completeTimeout, workers);
        FencingLedger ledger = cluster.ledger();
        ledger.assertHolds();
        ids.forEach(id -> assertThat(ledger.steps(id)).as(id).isEqualTo(steps));
        Map<String, Duration> delays = TakeoverBound.delays(ledger, ids, "w1", killedAt);
        Duration worst = TakeoverBound.assertWithin(delays, bound);
        Completeness.assertComplete(cluster.probe, cluster.expected, workers.liveNodes());
        assertThat(workers.log().errors()).as("worker errors").isEmpty();
        return worst;
    }
}
