package io.windlass.testing.harness;

import static org.assertj.core.api.Assertions.assertThat;

import io.windlass.consumer.Consumer;
import io.windlass.consumer.ConsumerSettings;
import io.windlass.consumer.client.TaskClient;
import io.windlass.statemachine.Command;
import io.windlass.statemachine.handler.HandlerRegistry;
import io.windlass.statemachine.handler.TaskContext;
import io.windlass.statemachine.handler.TaskHandler;
import io.windlass.embedded.InMemoryCluster;
import io.windlass.testing.time.DeterministicExecutor;
import io.windlass.testing.time.VirtualClock;
import io.windlass.testing.time.VirtualScheduler;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Measures (and prints) the heap an idle claimed task costs the engine: N tasks are stored, then one node claims them
 * all and puts them to sleep; the heap delta after GC ÷ N is the engine's per-task cost (runner, timers, claim
 * bookkeeping) plus the in-memory store's per-claim entry. Not a timed assertion; the bound is generous and only
 * catches a regression.
 */
class IdleHeapPerTaskTest {
    private static final int TASKS = 20_000;

    /** Sleeps far into the future: an idle task. */
    static final class SleepsForAYear implements TaskHandler<Object> {
        @Override
        public Class<Object> propsType() {
            return Object.class;
        }

        @Override
        public Command onRunnable(TaskContext<Object> ctx) {
            return Command.sleepUntil(ctx.now().plus(Duration.ofDays(365)));
        }
    }

    @Test
    void anIdleClaimedTaskCostsLittleHeap() {
        DeterministicExecutor executor = DeterministicExecutor.create();
        VirtualScheduler scheduler = VirtualScheduler.create(VirtualClock.create(), executor::runAll);
        InMemoryCluster cluster = InMemoryCluster.builder(scheduler, executor).build();
        TaskClient client = cluster.client();
        for (int i = 0; i < TASKS; i++) {
            client.submit(String.format("task-%06d", i), "idle", null);
        }
        executor.runAll();
        long before = usedAfterGc();

        Consumer consumer = Consumer.builder().nodeId("node-1").coordinator(cluster.coordinator())
                .handlers(HandlerRegistry.builder().register("idle", new SleepsForAYear()).build())
                .settings(TaskHarnessBuilder.withoutClaimDelay(ConsumerSettings.defaults()))
                .scheduler(scheduler).eventLoopExecutor(executor).callbackExecutor(executor).build();
        consumer.start();
        for (int i = 0; i < 1000; i++) {
            executor.runAll();
            if (scheduler.runDue() == 0 && executor.isIdle()) {
                break;
            }
        }
        assertThat(consumer.ownedTasks()).hasSize(TASKS);
        long after = usedAfterGc();

        long perTask = (after - before) / TASKS;
        System.out.printf("idle heap per claimed task: %d B (%d tasks, %d KiB)%n", perTask, TASKS,
                (after - before) / 1024);
        assertThat(perTask).as("bytes per idle claimed task").isLessThan(2048);
        assertThat(consumer).isNotNull(); // keeps the consumer reachable until after the measurement
        consumer.shutdownNow();
        executor.runAll();
    }

    private static long usedAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
