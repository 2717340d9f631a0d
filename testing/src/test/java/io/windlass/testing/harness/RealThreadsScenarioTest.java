package io.windlass.testing.harness;

import static org.assertj.core.api.Assertions.assertThat;

import io.windlass.consumer.Consumer;
import io.windlass.consumer.client.TaskClient;
import io.windlass.consumer.client.TaskView;
import io.windlass.consumer.time.TaskScheduler;
import io.windlass.statemachine.Command;
import io.windlass.statemachine.StateCode;
import io.windlass.statemachine.handler.HandlerRegistry;
import io.windlass.embedded.InMemoryCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** The production defaults (system clock, the consumer's own thread pools) on the in-memory cluster. */
class RealThreadsScenarioTest {

    @Test
    void twoNodesWithDefaultExecutorsRunAndFinishEveryTaskThenShutDown() throws InterruptedException {
        ExecutorService events = Executors.newSingleThreadExecutor();
        InMemoryCluster cluster = InMemoryCluster.create(TaskScheduler.system(), events);
        TaskClient client = cluster.client();
        var handler = Handlers.scripted(ctx -> ctx.state().version() == 0
                ? Command.sleepUntil(ctx.now().plusMillis(20)) : Command.complete());
        HandlerRegistry registry = HandlerRegistry.builder().register("job", handler).build();
        List<Consumer> nodes = new ArrayList<>();
        for (String id : List.of("a", "b")) {
            Consumer c = Consumer.builder().nodeId(id).coordinator(cluster.coordinator()).handlers(registry).build();
            c.start();
            nodes.add(c);
        }
        try {
            for (int i = 0; i < 50; i++) {
                client.submit("t" + i, "job", null);
            }
            await(() -> client.list(io.windlass.consumer.client.TaskFilter.all()).stream()
                    .allMatch(v -> state(v) == StateCode.COMPLETED));
            for (int i = 0; i < 50; i++) {
                assertThat(handler.callsOf("t" + i)).hasSize(2);
            }
        } finally {
            nodes.forEach(Consumer::shutdown);
            for (Consumer c : nodes) {
                assertThat(c.awaitTermination(Duration.ofSeconds(30))).isTrue();
            }
            events.shutdown();
        }
        assertThat(client.nodes()).isEmpty();
    }

    private static StateCode state(TaskView v) {
        return v.state() == null ? null : v.state().state().code();
    }

    private static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 30 s");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }
}
