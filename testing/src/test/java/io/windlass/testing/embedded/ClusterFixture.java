package io.windlass.testing.embedded;

import io.windlass.embedded.InMemoryCluster;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.windlass.consumer.client.TaskClient;
import io.windlass.consumer.client.TaskView;
import io.windlass.consumer.spi.Claim;
import io.windlass.consumer.spi.ClaimResult;
import io.windlass.consumer.spi.Coordinator;
import io.windlass.consumer.spi.StateWrite;
import io.windlass.consumer.spi.StoredState;
import io.windlass.consumer.spi.WriteResult;
import io.windlass.statemachine.StateCode;
import io.windlass.statemachine.TaskState;
import io.windlass.testing.contract.RecordingListener;
import io.windlass.testing.time.DeterministicExecutor;
import io.windlass.testing.time.VirtualScheduler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;

/** A cluster on virtual time with a deterministic event executor, and helpers for its tests. */
class ClusterFixture {
    final DeterministicExecutor events = DeterministicExecutor.create();
    final VirtualScheduler scheduler = VirtualScheduler.create(
            io.windlass.testing.time.VirtualClock.create(), events::runAll);
    final InMemoryCluster cluster;
    final TaskClient client;

    ClusterFixture() {
        this(InMemoryCluster.DEFAULT_LEASE_TTL);
    }

    ClusterFixture(Duration leaseTtl) {
        this(builder -> builder.leaseTtl(leaseTtl));
    }

    ClusterFixture(UnaryOperator<InMemoryCluster.Builder> settings) {
        cluster = settings.apply(InMemoryCluster.builder(scheduler, events).namespace("ns")).build();
        client = cluster.client();
    }

    record Node(String id, Coordinator coordinator, RecordingListener events) {
    }

    Node start(String id) {
        Coordinator coordinator = cluster.coordinator();
        RecordingListener listener = new RecordingListener();
        coordinator.start(id, listener);
        events.runAll();
        return new Node(id, coordinator, listener);
    }

    void submit(String... ids) {
        for (String id : ids) {
            client.submit(id, "demo", JsonNodeFactory.instance.objectNode().put("id", id));
        }
        events.runAll();
    }

    <T> T await(CompletableFuture<T> future) {
        events.runAll();
        assertThat(future).isDone();
        return future.join();
    }

    Claim claim(Node node, String taskId) {
        ClaimResult result = await(node.coordinator().claim(taskId));
        assertThat(result).isInstanceOf(ClaimResult.Claimed.class);
        return ((ClaimResult.Claimed) result).claim();
    }

    WriteResult write(Node node, Claim claim, StoredState from, TaskState to, boolean release) {
        return await(node.coordinator().write(new StateWrite(claim.task().id(), claim.fence(), from.revision(), to,
                List.of(), release, false)));
    }

    static TaskState next(StoredState from, StateCode code) {
        return new TaskState(code, null, List.of(), null, from.state().version() + 1);
    }

    TaskView view(String id) {
        return client.get(id).orElseThrow();
    }
}
