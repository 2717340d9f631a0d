package io.windlass.testing.embedded;

import io.windlass.embedded.InMemoryCluster;
import static org.assertj.core.api.Assertions.assertThat;

import io.windlass.consumer.client.TaskClient;
import io.windlass.consumer.client.TaskView;
import io.windlass.consumer.spi.ClaimResult;
import io.windlass.consumer.spi.Coordinator;
import io.windlass.consumer.spi.NodeInfo;
import io.windlass.consumer.spi.TaskCommand;
import io.windlass.statemachine.Command;
import io.windlass.testing.contract.RecordingListener;
import io.windlass.testing.time.VirtualScheduler;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Real threads against one cluster: the single store lock keeps claims exclusive and commands ordered. */
class InMemoryClusterConcurrencyTest {
    private static final int NODES = 4;
    private static final int TASKS = 200;
    private final ExecutorService events = Executors.newSingleThreadExecutor();
    private final ExecutorService workers = Executors.newFixedThreadPool(NODES);
    private final InMemoryCluster cluster = InMemoryCluster.create(VirtualScheduler.create(), events);
    private final TaskClient client = cluster.client();

    @AfterEach
    void stop() {
        workers.shutdownNow();
        events.shutdownNow();
    }

    @Test
    void racingNodesClaimEveryTaskExactlyOnce() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < TASKS; i++) {
            ids.add("t" + i);
            client.submit("t" + i, "demo", null);
        }
        List<Future<List<Long>>> results = new ArrayList<>();
        for (int n = 0; n < NODES; n++) {
            Coordinator coordinator = cluster.coordinator();
            coordinator.start("n" + n, new RecordingListener());
            List<String> order = new ArrayList<>(ids);
            Collections.rotate(order, n * TASKS / NODES);
            results.add(workers.submit(() -> {
                List<Long> fences = new ArrayList<>();
                for (String id : order) {
                    ClaimResult result = coordinator.claim(id).get(10, TimeUnit.SECONDS);
                    if (result instanceof ClaimResult.Claimed claimed) {
                        fences.add(claimed.claim().fence());
                    }
                }
                return fences;
            }));
        }
        List<Long> allFences = new ArrayList<>();
        for (Future<List<Long>> result : results) {
            allFences.addAll(result.get(30, TimeUnit.SECONDS));
        }

        assertThat(allFences).hasSize(TASKS).doesNotHaveDuplicates();
        assertThat(client.nodes().stream().mapToInt(NodeInfo::claims).sum()).isEqualTo(TASKS);
        assertThat(client.list(io.windlass.consumer.client.TaskFilter.all())).extracting(TaskView::owner)
                .doesNotContainNull();
    }

    @Test
    void concurrentSendersKeepTheirOwnOrderAndLoseNothing() throws Exception {
        client.submit("t1", "demo", null);
        Instant base = Instant.parse("2100-01-01T00:00:00Z");
        List<Future<List<String>>> sent = new ArrayList<>();
        for (int s = 0; s < NODES; s++) {
            int sender = s;
            sent.add(workers.submit(() -> {
                List<String> mine = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    mine.add(client.command("t1", Command.sleepUntil(base.plusSeconds(sender * 1000L + i))));
                }
                return mine;
            }));
        }
        List<String> all = new ArrayList<>();
        for (Future<List<String>> f : sent) {
            all.addAll(f.get(30, TimeUnit.SECONDS));
        }
        List<String> stored = client.get("t1").orElseThrow().pending().stream().map(TaskCommand::id).toList();
        assertThat(stored).hasSize(4 * 100).containsExactlyInAnyOrderElementsOf(all);
        for (Future<List<String>> f : sent) {
            List<String> mine = f.get();
            assertThat(stored.stream().filter(mine::contains).toList()).containsExactlyElementsOf(mine);
        }
    }
}
