package io.windlass.systemtests.fault;

import io.windlass.testing.etcd.EtcdExtension;
import java.time.Duration;
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
        Duration bound = TakeoverBound.bound(TTL, KillTakeover.INTERVAL, false);
        Duration worst = new KillTakeover(100, 40, Duration.ofSeconds(60), Duration.ofSeconds(90), false)
                .run(workers, cluster, bound);
        System.out.println("kill -9: worst takeover " + worst + " (bound " + bound + ")");
    }
}
