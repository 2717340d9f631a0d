package io.windlass.consumer;

import java.time.Instant;
import java.util.function.Consumer;

/**
 * The wake-up timer of a sleeping task: at most one instant armed at a time, kept in the consumer's {@link WakeUps}
 * heap; when it is due, {@code onFire} runs on the task's mailbox with the instant it was armed for. A timer that was
 * cancelled or re-armed meanwhile does not call {@code onFire}. {@link #arm} and {@link #cancel} are called from the
 * mailbox only.
 */
final class SleepTimer {
    private final WakeUps wakeUps;
    private final Mailbox mailbox;
    private final Consumer<Instant> onFire;
    /** Guarded by {@code wakeUps}: the armed instant (null: not armed) and the slot in its heap (-1: not in it). */
    Instant at;
    int slot = -1;

    SleepTimer(WakeUps wakeUps, Mailbox mailbox, Consumer<Instant> onFire) {
        this.wakeUps = wakeUps;
        this.mailbox = mailbox;
        this.onFire = onFire;
    }

    /** Arms the timer for {@code until}, unless it is armed for that instant already. */
    void arm(Instant until) {
        synchronized (wakeUps) {
            if (until.equals(at)) {
                return;
            }
            wakeUps.add(this, until);
        }
    }

    void cancel() {
        wakeUps.remove(this);
    }

    /** Called by {@link WakeUps} on the scheduler's thread, after taking this timer out of its heap. */
    void due() {
        Instant firedAt;
        synchronized (wakeUps) {
            firedAt = at;
        }
        mailbox.post(() -> fired(firedAt));
    }

    private void fired(Instant firedAt) {
        synchronized (wakeUps) {
            if (slot >= 0 || at == null || !at.equals(firedAt)) {
                return; // cancelled or re-armed meanwhile
            }
            at = null;
        }
        onFire.accept(firedAt);
    }
}
