package io.windlass.consumer;

import io.windlass.consumer.time.TaskScheduler;
import java.time.Instant;

/**
 * The wake-up timer of a sleeping task: at most one armed at a time; firing posts {@code onFire} to the task's
 * mailbox. A timer that was cancelled or re-armed meanwhile does not call {@code onFire}. Used only from the mailbox.
 */
final class SleepTimer {
    private final TaskScheduler scheduler;
    private final Mailbox mailbox;
    private final Runnable onFire;
    private long seq;
    private TaskScheduler.Timer timer;
    private Instant at;

    SleepTimer(TaskScheduler scheduler, Mailbox mailbox, Runnable onFire) {
        this.scheduler = scheduler;
        this.mailbox = mailbox;
        this.onFire = onFire;
    }

    /** Arms the timer for {@code until}, unless it is armed for that instant already. */
    void arm(Instant until) {
        if (timer != null && until.equals(at)) {
            return;
        }
        cancel();
        long s = ++seq;
        at = until;
        timer = scheduler.schedule(until, () -> mailbox.post(() -> fired(s)));
    }

    void cancel() {
        seq++;
        if (timer != null) {
            timer.cancel();
            timer = null;
            at = null;
        }
    }

    private void fired(long s) {
        if (s == seq) {
            timer = null;
            at = null;
            onFire.run();
        }
    }
}
