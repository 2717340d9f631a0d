package io.windlass.testing.harness;

import static org.assertj.core.api.Assertions.assertThat;

import io.windlass.consumer.Consumer;
import io.windlass.consumer.client.TaskClient;
import io.windlass.consumer.client.TaskView;
import io.windlass.consumer.time.TaskScheduler;
import io.windlass.embedded.InMemoryCluster;
import io.windlass.statemachine.Command;
import io.windlass.statemachine.StateCode;
import io.windlass.statemachine.handler.HandlerRegistry;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The production defaults (system clock, the consumer's own callback threads) with many handlers that block the
 * Metafora way: none starves another, and a paused task holds no thread.
 */
class BlockingHandlersScenarioTest {
    /** Far more than the old fixed pool of max(16, 8 x cores) threads. */
    private static final int LOOPS = 200;
    private final ExecutorService events = Executors.newSingleThreadExecutor();
    private final InMemoryCluster cluster = InMemoryCluster.create(TaskScheduler.system(), events);
    private final TaskClient client = cluster.client();
    private final Set<String> looping = ConcurrentHashMap.newKeySet();
    private Consumer consumer;

    @AfterEach
    void stop() throws InterruptedException {
        if (consumer != null) {
            consumer.shutdownNow();
            assertThat(consumer.awaitTermination(Duration.ofSeconds(30))).isTrue();
        }
        events.shutdown();
    }

    @Test
    void everyClaimedTaskStartsWhileHundredsBlockAndPausedOnesHoldNoThread() {
        var loop = Handlers.scripted(ctx -> {
            looping.add(ctx.taskId());
            try {
                while (!ctx.stop().await(Duration.ofMinutes(10))) {
                    // a unit of work would go here
                }
            } finally {
                looping.remove(ctx.taskId());
            }
            return Command.checkpoint();
        });
        var quick = Handlers.scripted(ctx -> Command.complete());
        consumer = Consumer.builder().nodeId("n1").coordinator(cluster.coordinator())
                .handlers(HandlerRegistry.builder().register("loop", loop).register("quick", quick).build()).build();
        consumer.start();
        for (int i = 0; i < LOOPS; i++) {
            client.submit("l" + i, "loop", null);
        }
        await("all " + LOOPS + " loops run at once", () -> looping.size() == LOOPS);
        assertThat(handlerThreadsIn("onRunnable")).isEqualTo(LOOPS);

        client.submit("q1", "quick", null);
        await("a task claimed while " + LOOPS + " block still runs", () -> code("q1") == StateCode.COMPLETED);

        for (int i = 0; i < LOOPS; i++) {
            client.command("l" + i, Command.pause());
        }
        await("every loop paused", () -> looping.isEmpty()
                && client.list(io.windlass.consumer.client.TaskFilter.all()).stream()
                .filter(v -> v.task().type().equals("loop")).allMatch(v -> code(v) == StateCode.PAUSED));
        await("paused tasks hold no thread", () -> handlerThreadsIn("onRunnable") == 0);
    }

    /** Live handler threads of node n1 whose stack is inside {@code method} (a callback of Handlers.Scripted). */
    private static long handlerThreadsIn(String method) {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(e -> e.getKey().getName().startsWith("windlass-n1-handler-"))
                .filter(e -> Arrays.stream(e.getValue()).anyMatch(f -> f.getMethodName().equals(method)
                        && f.getClassName().equals(Handlers.Scripted.class.getName())))
                .count();
    }

    private StateCode code(String id) {
        return client.get(id).map(this::code).orElse(null);
    }

    private StateCode code(TaskView v) {
        return v.state() == null ? null : v.state().state().code();
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 60 s: " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }
}
