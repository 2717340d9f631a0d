package io.windlass.consumer;

import io.windlass.consumer.time.TaskScheduler;
import io.windlass.statemachine.Command;
import io.windlass.statemachine.handler.StopSignal;
import java.time.Duration;
import java.util.Optional;

/**
 * The stop signal of one callback. Requested by the task's runner (any thread), read and awaited by the callback's
 * thread. {@link #await} measures its timeout on the consumer's scheduler, so it follows a virtual clock.
 */
final class RunnerStopSignal implements StopSignal {
    private final TaskScheduler scheduler;
    private boolean requested;
    private Command reason;

    RunnerStopSignal(TaskScheduler scheduler) {
        this.scheduler = scheduler;
    }

    /** Requests a stop; {@code cause} is the command that asked for it, or null (shutdown). The first cause wins. */
    synchronized void request(Command cause) {
        if (!requested) {
            requested = true;
            reason = cause;
        }
        notifyAll();
    }

    @Override
    public synchronized boolean requested() {
        return requested;
    }

    @Override
    public synchronized Optional<Command> reason() {
        return Optional.ofNullable(reason);
    }

    @Override
    public boolean await(Duration timeout) throws InterruptedException {
        synchronized (this) {
            if (requested || timeout.isZero() || timeout.isNegative()) {
                return requested;
            }
        }
        boolean[] timedOut = {false};
        TaskScheduler.Timer timer = scheduler.schedule(scheduler.now().plus(timeout), () -> {
            synchronized (this) {
                timedOut[0] = true;
                notifyAll();
            }
        });
        try {
            synchronized (this) {
                while (!requested && !timedOut[0]) {
                    wait();
                }
                return requested;
            }
        } finally {
            timer.cancel();
        }
    }
}
