package io.windlass.consumer;

import io.windlass.consumer.time.TaskScheduler;
import io.windlass.statemachine.Command;
import io.windlass.statemachine.handler.StopSignal;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The stop signal of one callback. Requested by the task's runner (any thread), read and awaited by the callback's
 * thread. {@link #await} waits on a {@link TaskScheduler#newLatch() latch} of the consumer's scheduler, so its timeout
 * is measured on the consumer's clock (it follows a virtual clock) and a request wakes the waiter at once.
 */
final class RunnerStopSignal implements StopSignal {
    private final TaskScheduler scheduler;
    private final TaskScheduler.Latch latch;
    private volatile Command reason;

    RunnerStopSignal(TaskScheduler scheduler) {
        this.scheduler = scheduler;
        this.latch = scheduler.newLatch();
    }

    /** Requests a stop; {@code cause} is the command that asked for it, or null (shutdown). The first cause wins. */
    synchronized void request(Command cause) {
        if (!latch.isOpen()) {
            reason = cause;
            latch.open();
        }
    }

    @Override
    public boolean requested() {
        return latch.isOpen();
    }

    @Override
    public Optional<Command> reason() {
        return Optional.ofNullable(reason);
    }

    @Override
    public boolean await(Duration timeout) throws InterruptedException {
        if (latch.isOpen() || timeout.isZero() || timeout.isNegative()) {
            return latch.isOpen();
        }
        Instant now = scheduler.now();
        Instant deadline = Duration.between(now, Instant.MAX).compareTo(timeout) <= 0 ? Instant.MAX : now.plus(timeout);
        return latch.await(deadline);
    }
}
