package io.windlass.testing.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.windlass.consumer.Consumer;
import io.windlass.consumer.ConsumerBuilder;
import io.windlass.statemachine.Command;
import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.WindlassException;
import io.windlass.statemachine.handler.HandlerRegistry;
import io.windlass.embedded.InMemoryCluster;
import io.windlass.testing.time.DeterministicExecutor;
import io.windlass.testing.time.VirtualClock;
import io.windlass.testing.time.VirtualScheduler;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The consumer's lifecycle contract, like an ExecutorService's. */
class ConsumerLifecycleTest {
    private final DeterministicExecutor loop = DeterministicExecutor.create();
    private final VirtualScheduler scheduler = VirtualScheduler.create(VirtualClock.create(), loop::runAll);
    private final InMemoryCluster cluster = InMemoryCluster.create(scheduler, loop);
    private final HandlerRegistry registry = HandlerRegistry.builder()
            .register("job", Handlers.scripted(ctx -> Command.complete())).build();

    private ConsumerBuilder builder(String nodeId) {
        return Consumer.builder().nodeId(nodeId).coordinator(cluster.coordinator()).handlers(registry)
                .scheduler(scheduler).eventLoopExecutor(loop).callbackExecutor(loop);
    }

    private static ErrorCode code(Throwable t) {
        return ((WindlassException) t).code();
    }

    @Test
    void startingTwiceOrAfterShutdownIsAnIllegalState() {
        Consumer c = builder("n1").build();
        c.start();
        assertThatThrownBy(c::start).isInstanceOf(WindlassException.class).hasMessageContaining("already started")
                .extracting(ConsumerLifecycleTest::code).isEqualTo(ErrorCode.ILLEGAL_STATE);
        c.shutdown();
        c.shutdown(); // a no-op
        loop.runAll();
        assertThat(c.isShutdown()).isTrue();
        assertThat(c.isTerminated()).isTrue();
        assertThatThrownBy(c::start).hasMessageContaining("shut down")
                .extracting(ConsumerLifecycleTest::code).isEqualTo(ErrorCode.ILLEGAL_STATE);
        assertThat(cluster.client().nodes()).isEmpty();
    }

    @Test
    void shutdownBeforeStartTerminatesAtOnce() throws InterruptedException {
        Consumer c = builder("n1").build();
        c.shutdown();
        loop.runAll();
        assertThat(c.awaitTermination(Duration.ZERO)).isTrue();
        assertThat(c.shutdownNow()).isEmpty();
    }

    @Test
    void aFailedStartLeavesATerminatedConsumer() {
        builder("n1").build().start();
        Consumer twin = builder("n1").build(); // a live node already uses the id
        assertThatThrownBy(twin::start).isInstanceOf(WindlassException.class)
                .extracting(ConsumerLifecycleTest::code).isEqualTo(ErrorCode.NODE_ID_TAKEN);
        loop.runAll();
        assertThat(twin.isTerminated()).isTrue();
        assertThat(cluster.client().nodes()).extracting(n -> n.nodeId()).containsExactly("n1");
    }

    @Test
    void theBuilderNamesWhatIsMissing() {
        assertThatThrownBy(() -> Consumer.builder().nodeId("bad id").build()).hasMessageContaining("invalid node id")
                .extracting(ConsumerLifecycleTest::code).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThatThrownBy(() -> Consumer.builder().nodeId("n1").handlers(registry).build())
                .hasMessageContaining("coordinator");
        assertThatThrownBy(() -> Consumer.builder().nodeId("n1").coordinator(cluster.coordinator()).build())
                .hasMessageContaining("handler registry");
    }

    @Test
    void ownedTasksAndTheListenerObserveTheNode() {
        Consumer c = builder("n1").build();
        c.start();
        loop.runAll();
        cluster.client().submit("t1", "job", null);
        loop.runAll(); // the offer: a claim after the (default) claim delay
        scheduler.advance(Duration.ofSeconds(1));
        assertThat(c.ownedTasks()).isEmpty(); // completed at once
        assertThat(cluster.client().get("t1").orElseThrow().state().state().code().terminal()).isTrue();
        assertThat(c.nodeId()).isEqualTo("n1");
        assertThat(c.toString()).contains("n1");
        c.shutdownNow();
        loop.runAll();
        assertThat(c.isTerminated()).isTrue();
    }
}
