package io.windlass.testing.embedded;

import io.windlass.embedded.InMemoryCluster;
import io.windlass.consumer.client.TaskClient;
import io.windlass.consumer.spi.Coordinator;
import io.windlass.testing.contract.CoordinatorContract;
import io.windlass.testing.time.DeterministicExecutor;
import io.windlass.testing.time.VirtualScheduler;
import org.junit.jupiter.api.BeforeEach;

/** The coordinator contract on the in-memory cluster, with virtual time and a deterministic event executor. */
class InMemoryCoordinatorContractTest extends CoordinatorContract {
    private DeterministicExecutor events;
    private InMemoryCluster cluster;
    private TaskClient client;

    @BeforeEach
    void freshCluster() {
        events = DeterministicExecutor.create();
        cluster = InMemoryCluster.create(VirtualScheduler.create(), events);
        client = cluster.client();
    }

    @Override
    protected Coordinator newCoordinator() {
        return cluster.coordinator();
    }

    @Override
    protected TaskClient client() {
        return client;
    }

    @Override
    protected void expireClaim(String taskId) {
        cluster.expireClaim(taskId);
    }

    @Override
    protected void awaitQuiet() {
        events.runAll();
    }
}
