package io.windlass.testing.time;

import io.windlass.consumer.time.TaskScheduler;
import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.WindlassException;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;

/**
 * A {@link TaskScheduler} on a {@link VirtualClock}: timers wait in a queue ordered by (time, scheduling order) and
 * fire only when the test moves time with {@link #advance}, {@link #advanceTo}, {@link #advanceToNextTimer} or
 * {@link #runDue}. Each timer fires with the clock set to its own instant (or to "now" if it was scheduled in the
 * past), in time order; timers with equal times fire in the order they were scheduled.
 *
 * <p>{@link #schedule} never runs the action synchronously, even for a past instant: it fires at the next
 * advance/runDue. Actions run on the thread that moves time. After each fired timer the optional {@code settle}
 * action runs (typically {@code DeterministicExecutor::runAll}), so work a timer triggers happens at that timer's
 * instant, before later timers fire.
 *
 * <p>Thread-safe: {@code schedule} and {@code cancel} may be called from any thread, also from inside an action.
 * Time should be moved by one driving thread; an action that moves time itself gets ILLEGAL_STATE. An exception
 * thrown by an action (or by {@code settle}) propagates to the caller that moved time; later timers stay queued and
 * the clock stays at the failing timer's instant.
 */
public final class VirtualScheduler implements TaskScheduler {
    private static final Comparator<VirtualTimer> ORDER =
            Comparator.comparing((VirtualTimer t) -> t.at).thenComparingLong(t -> t.sequence);

    private final VirtualClock clock;
    private final Runnable settle;
    private final Object lock = new Object();
    private final PriorityQueue<VirtualTimer> queue = new PriorityQueue<>(ORDER);
    private long sequence;
    private Thread advancing;

    private VirtualScheduler(VirtualClock clock, Runnable settle) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settle = Objects.requireNonNull(settle, "settle");
    }

    /** A scheduler on a fresh {@link VirtualClock#create() virtual clock}, without a settle action. */
    public static VirtualScheduler create() {
        return create(VirtualClock.create(), () -> { });
    }

    /**
     * @param clock  the clock this scheduler moves
     * @param settle runs on the advancing thread after every fired timer (e.g. {@code executor::runAll})
     */
    public static VirtualScheduler create(VirtualClock clock, Runnable settle) {
        return new VirtualScheduler(clock, settle);
    }

    @Override
    public VirtualClock clock() {
        return clock;
    }

    @Override
    public Timer schedule(Instant at, Runnable action) {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(action, "action");
        synchronized (lock) {
            VirtualTimer timer = new VirtualTimer(at, sequence++, action);
            queue.add(timer);
            return timer;
        }
    }

    /** Moves time forward by {@code amount}, firing every timer due until then, each at its own instant. */
    public Instant advance(Duration amount) {
        Objects.requireNonNull(amount, "amount");
        if (amount.isNegative()) {
            throw new WindlassException(ErrorCode.INVALID_ARGUMENT, "time never goes back: advance(" + amount + ")");
        }
        return advanceTo(clock.instant().plus(amount));
    }

    /**
     * Moves time forward to {@code target} (not before now), firing every timer due until then in time order, each
     * at its own instant, including timers that fired actions schedule on the way.
     *
     * @return the new instant ({@code target})
     */
    public Instant advanceTo(Instant target) {
        Objects.requireNonNull(target, "target");
        if (target.isBefore(clock.instant())) {
            throw new WindlassException(ErrorCode.INVALID_ARGUMENT,
                    "time never goes back: advanceTo(" + target + ") but now is " + clock.instant());
        }
        driving(() -> {
            while (fireNextDueBy(target)) {
                // keep firing
            }
            clock.setTo(target);
        });
        return target;
    }

    /**
     * Moves time to the next pending timer and fires it together with every other timer due at that instant. Does
     * nothing when no timer is pending.
     *
     * @return the instant moved to, or empty when no timer was pending
     */
    public Optional<Instant> advanceToNextTimer() {
        Optional<Instant> next = nextTimer();
        if (next.isEmpty()) {
            return next;
        }
        Instant target = next.get().isBefore(clock.instant()) ? clock.instant() : next.get();
        advanceTo(target);
        return Optional.of(target);
    }

    /**
     * Fires the timers that are due now (scheduled at or before the current instant), without moving time.
     *
     * @return how many fired
     */
    public int runDue() {
        int[] fired = {0};
        driving(() -> {
            while (fireNextDueBy(clock.instant())) {
                fired[0]++;
            }
        });
        return fired[0];
    }

    /** The instant of the earliest pending timer (which may be in the past), or empty. */
    public Optional<Instant> nextTimer() {
        synchronized (lock) {
            VirtualTimer head = queue.peek();
            return head == null ? Optional.empty() : Optional.of(head.at);
        }
    }

    /** How many timers are scheduled and neither fired nor cancelled. */
    public int pendingTimers() {
        synchronized (lock) {
            return queue.size();
        }
    }

    /** Fires the earliest timer due at or before {@code limit}; false when there is none. */
    private boolean fireNextDueBy(Instant limit) {
        VirtualTimer timer;
        synchronized (lock) {
            timer = queue.peek();
            if (timer == null || timer.at.isAfter(limit)) {
                return false;
            }
            queue.poll();
            timer.fired = true;
        }
        if (timer.at.isAfter(clock.instant())) {
            clock.setTo(timer.at);
        }
        timer.action.run();
        settle.run();
        return true;
    }

    private void driving(Runnable body) {
        synchronized (lock) {
            if (advancing != null) {
                throw new WindlassException(ErrorCode.ILLEGAL_STATE,
                        "virtual time is already being moved by " + advancing.getName()
                                + " (a timer action must not move time itself)");
            }
            advancing = Thread.currentThread();
        }
        try {
            body.run();
        } finally {
            synchronized (lock) {
                advancing = null;
            }
        }
    }

    private final class VirtualTimer implements Timer {
        private final Instant at;
        private final long sequence;
        private final Runnable action;
        private boolean fired;

        VirtualTimer(Instant at, long sequence, Runnable action) {
            this.at = at;
            this.sequence = sequence;
            this.action = action;
        }

        @Override
        public void cancel() {
            synchronized (lock) {
                if (!fired) {
                    queue.remove(this);
                }
            }
        }

        @Override
        public String toString() {
            return "VirtualTimer[" + at + " #" + sequence + "]";
        }
    }
}
