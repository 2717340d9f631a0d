package io.windlass.consumer.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * {@link TaskScheduler.Latch} on this object's monitor. Its deadline is measured either with a timer of a
 * {@link TaskScheduler} (follows any clock, also a virtual one) or directly on a {@link Clock} that moves by itself
 * (the system clock: the waiting thread re-reads it after each timed wait, so an adjusted clock is followed too).
 */
final class MonitorLatch implements TaskScheduler.Latch {
    /**
     * The longest single timed wait on a clock; a later deadline is re-checked after it, so a clock that was set back
     * and then corrected is followed within this (as {@link SystemTaskScheduler#MAX_CHUNK}).
     */
    private static final Duration MAX_WAIT = SystemTaskScheduler.MAX_CHUNK;

    private final TaskScheduler timers;
    private final Clock clock;
    private boolean open;

    private MonitorLatch(TaskScheduler timers, Clock clock) {
        this.timers = timers;
        this.clock = clock;
    }

    /** Times out with a timer of {@code scheduler} (one per wait). */
    static MonitorLatch onTimers(TaskScheduler scheduler) {
        return new MonitorLatch(scheduler, scheduler.clock());
    }

    /** Times out by waiting on {@code clock} (which must move by itself). */
    static MonitorLatch onClock(Clock clock) {
        return new MonitorLatch(null, clock);
    }

    @Override
    public synchronized void open() {
        open = true;
        notifyAll();
    }

    @Override
    public synchronized boolean isOpen() {
        return open;
    }

    @Override
    public boolean await(Instant deadline) throws InterruptedException {
        synchronized (this) {
            if (open || !deadline.isAfter(clock.instant())) {
                return open;
            }
            if (timers == null) {
                return awaitOnClock(deadline);
            }
        }
        boolean[] due = {false};
        TaskScheduler.Timer timer = timers.schedule(deadline, () -> {
            synchronized (this) {
                due[0] = true;
                notifyAll();
            }
        });
        try {
            synchronized (this) {
                while (!open && !due[0]) {
                    wait();
                }
                return open;
            }
        } finally {
            timer.cancel();
        }
    }

    /** Called holding the monitor. */
    private boolean awaitOnClock(Instant deadline) throws InterruptedException {
        while (!open) {
            Duration left = Duration.between(clock.instant(), deadline);
            if (left.isZero() || left.isNegative()) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, (left.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : left).toNanos());
        }
        return true;
    }
}
