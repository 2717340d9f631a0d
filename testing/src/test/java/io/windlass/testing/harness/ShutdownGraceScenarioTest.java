package io.windlass.testing.harness;

import static org.assertj.core.api.Assertions.assertThat;

import io.windlass.consumer.Consumer;
import io.windlass.consumer.ConsumerListener;
import io.windlass.consumer.ConsumerSettings;
import io.windlass.consumer.client.TaskClient;
import io.windlass.consumer.client.TaskView;
import io.windlass.statemachine.Command;
import io.windlass.statemachine.StateCode;
import io.windlass.statemachine.handler.HandlerRegistry;
import io.windlass.embedded.InMemoryCluster;
import io.windlass.testing.time.DeterministicExecutor;
import io.windlass.testing.time.VirtualClock;
import io.windlass.testing.time.VirtualScheduler;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A handler that ignores the stop signal, on a real handler thread (the event loop and time stay deterministic): the
 * node keeps serving its other tasks, and shutdown waits for the grace period, then reports and abandons the task.
 */
class ShutdownGraceScenarioTest {
    private static final long AWAIT_S = 30;
    private final DeterministicExecutor loop = DeterministicExecutor.create();
    private final VirtualScheduler scheduler = VirtualScheduler.create(VirtualClock.create(), loop::runAll);
    private final InMemoryCluster cluster = InMemoryCluster.create(scheduler, loop);
    private final TaskClient client = cluster.client();
    private final ExecutorService handlerThreads = Executors.newCachedThreadPool();
    private final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch letGo = new CountDownLatch(1);
    private final List<Set<String>> overdueReported = new CopyOnWriteArrayList<>();
    private final List<String> callbacksReported = new CopyOnWriteArrayList<>();
    private Consumer consumer;

    @BeforeEach
    void start() {
        HandlerRegistry registry = HandlerRegistry.builder()
                .register("stubborn", Handlers.scripted(ctx -> {
                    entered.countDown();
                    letGo.await(); // ignores ctx.stop()
                    return Command.complete();
                }))
                .register("quick", Handlers.scripted(ctx -> Command.sleepUntil(ctx.now().plusSeconds(3600))))
                .build();
        consumer = Consumer.builder().nodeId("n1").coordinator(cluster.coordinator()).handlers(registry)
                .scheduler(scheduler).eventLoopExecutor(loop).callbackExecutor(handlerThreads)
                .settings(TaskHarnessBuilder.withoutClaimDelay(ConsumerSettings.defaults()))
                .shutdownGrace(Duration.ofSeconds(30))
                .listener(new ConsumerListener() {
                    @Override
                    public void shutdownOverdue(Set<String> taskIds) {
                        overdueReported.add(taskIds);
                    }

                    @Override
                    public void callbackOverdue(String taskId, String threadName, List<StackTraceElement> stack) {
                        callbacksReported.add(taskId + " on " + threadName + " at " + stack);
                    }
                })
                .build();
        consumer.start();
        client.submit("stubborn", "stubborn", null);
        client.submit("quick", "quick", null);
        await(() -> entered.getCount() == 0 && code("quick") == StateCode.SLEEPING
                && ((ThreadPoolExecutor) handlerThreads).getActiveCount() == 1); // only stubborn holds a thread
    }

    @AfterEach
    void stop() throws InterruptedException {
        letGo.countDown();
        handlerThreads.shutdown();
        assertThat(handlerThreads.awaitTermination(AWAIT_S, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aStuckHandlerDoesNotBlockOtherTasksAndShutdownAbandonsItAfterTheGrace() {
        client.command("quick", Command.pause());
        await(() -> code("quick") == StateCode.PAUSED);

        consumer.shutdown();
        await(() -> owner("quick") == null);
        assertThat(owner("stubborn")).isEqualTo("n1");
        scheduler.advance(Duration.ofSeconds(29));
        loop.runAll();
        assertThat(consumer.isTerminated()).isFalse();
        assertThat(overdueReported).isEmpty();

        scheduler.advance(Duration.ofSeconds(1));
        await(consumer::isTerminated);
        assertThat(overdueReported).containsExactly(Set.of("stubborn"));
        assertThat(callbacksReported).as("the stuck callback with its thread's stack: where it ignores the stop")
                .singleElement().asString().startsWith("stubborn on pool-")
                .contains("CountDownLatch.await", "ShutdownGraceScenarioTest.lambda$start$");
        assertThat(consumer.overdueTasks()).containsExactly("stubborn");
        assertThat(owner("stubborn")).as("leaving the cluster dropped the claim").isNull();

        letGo.countDown();
        await(() -> ((ThreadPoolExecutor) handlerThreads).getActiveCount() == 0);
        loop.runAll();
        assertThat(code("stubborn")).as("the abandoned step's late result is dropped").isEqualTo(StateCode.RUNNABLE);
        assertThat(code("quick")).isEqualTo(StateCode.PAUSED);
    }

    @Test
    void shutdownNowReportsTheTasksWhoseCallbackWasRunning() {
        List<String> busy = consumer.shutdownNow();
        assertThat(busy).containsExactly("stubborn");
        await(consumer::isTerminated);
        assertThat(client.nodes()).isEmpty();
        assertThat(owner("quick")).isNull();
        assertThat(code("quick")).isEqualTo(StateCode.SLEEPING);
    }

    private StateCode code(String id) {
        return client.get(id).map(TaskView::state).map(s -> s.state().code()).orElse(null);
    }

    private String owner(String id) {
        return client.get(id).map(TaskView::owner).orElse(null);
    }

    /**
     * Runs the event loop until {@code condition} holds; fails after {@value #AWAIT_S} s of real time (generous: a
     * cold JVM on a loaded 2-core machine needs seconds for the first claim; only a failure waits this long).
     */
    private void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(AWAIT_S);
        while (true) {
            loop.runAll();
            scheduler.runDue();
            if (condition.getAsBoolean()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + AWAIT_S + " s");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }
}
