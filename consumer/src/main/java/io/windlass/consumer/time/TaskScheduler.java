package io.windlass.consumer.time;

import java.time.Clock;
import java.time.Instant;

/**
 * Time for the engine: a clock and timers on it. Production uses the system clock with a scheduled executor; tests use
 * a virtual clock that jumps to the next timer.
 */
public interface TaskScheduler {

    /**
     * The production scheduler: the system UTC clock and one shared daemon timer thread (actions run on it, so they
     * must be quick). Long delays are re-checked against the clock, so a timer never fires before its instant even
     * if the wall clock is adjusted.
     */
    static TaskScheduler system() {
        return SystemTaskScheduler.INSTANCE;
    }

    Clock clock();

    default Instant now() {
        return clock().instant();
    }

    /**
     * Runs {@code action} once at {@code at} (or soon after; at once if {@code at} is past) on the scheduler's thread.
     * The action must be quick (post to a mailbox).
     */
    Timer schedule(Instant at, Runnable action);

    /**
     * A new one-shot latch a handler thread waits on until another thread opens it or this scheduler's clock reaches a
     * deadline (the stop signal and {@code checkpointNow} wait on one). The default waits on a monitor and times out
     * with one of this scheduler's timers, so it follows a virtual clock; the system scheduler's latch times out on
     * its clock directly (no timer per wait). A test harness may return a latch that hands the waiting thread's turn
     * back to the thread driving the test.
     */
    default Latch newLatch() {
        return MonitorLatch.onTimers(this);
    }

    /** A scheduled action. */
    interface Timer {
        /** Cancels the action if it has not run; idempotent. */
        void cancel();
    }

    /** A one-shot latch on a scheduler's clock (see {@link #newLatch()}). Thread-safe. */
    interface Latch {
        /** Opens the latch and wakes its waiter; idempotent. Any thread; never blocks. */
        void open();

        boolean isOpen();

        /**
         * Blocks the calling thread until the latch is open or the scheduler's clock reaches {@code deadline} (returns
         * at once when either holds already).
         *
         * @return {@link #isOpen()}
         * @throws InterruptedException if the waiting thread is interrupted (the flag is cleared, as usual)
         */
        boolean await(Instant deadline) throws InterruptedException;
    }
}
