package io.windlass.examples.bench;

import io.windlass.statemachine.Command;
import io.windlass.statemachine.TaskState;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * Tasks that go to sleep for a long time as soon as they are claimed: the first fenced write after a claim (Sleep
 * until a year from now) marks the task "running" on that node. Counts running tasks and tells {@code onRunning}
 * (node, slot) on the node's mailbox thread.
 */
class Idle implements Behaviour {
    static final Duration FAR = Duration.ofDays(365);

    private final AtomicInteger running = new AtomicInteger();
    private final BiConsumer<BenchNode, Slot> onRunning;
    private volatile long lastRunningNanos;

    Idle(BiConsumer<BenchNode, Slot> onRunning) {
        this.onRunning = onRunning;
    }

    Idle() {
        this((node, slot) -> { });
    }

    int running() {
        return running.get();
    }

    long lastRunningNanos() {
        return lastRunningNanos;
    }

    @Override
    public Command onClaimed(Slot slot, Instant now) {
        return Command.sleepUntil(now.plus(FAR));
    }

    @Override
    public void committed(BenchNode node, Slot slot, TaskState before, Instant now, long writeNanos) {
        if (slot.commits == 1) {
            lastRunningNanos = System.nanoTime();
            running.incrementAndGet();
            onRunning.accept(node, slot);
        }
    }
}
