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

    /** A scheduled action. */
    interface Timer {
        /** Cancels the action if it has not run; idempotent. */
        void cancel();
    }
}
