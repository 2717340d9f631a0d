package io.windlass.consumer.time;

import io.windlass.consumer.spi.DaemonThreads;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link TaskScheduler#system()}: the system UTC clock and one daemon thread. A timer is armed in chunks of at most
 * {@link #MAX_CHUNK}; when a chunk ends before the instant (long delay, clock adjusted) it is re-armed for the rest.
 * So a timer never fires before its instant as the wall clock reads it, and at most about {@code MAX_CHUNK} after the
 * clock reaches it, also when the clock was set back and later corrected (a clock stepped back an hour and set right
 * again wakes its sleepers within a second of the correction, not at the end of a long chunk; ClockJumpFaultIT).
 */
final class SystemTaskScheduler implements TaskScheduler {
    static final SystemTaskScheduler INSTANCE = new SystemTaskScheduler(Clock.systemUTC());
    /** The longest single wait of a timer's thread before it re-reads the clock (one cheap wake-up per second). */
    static final Duration MAX_CHUNK = Duration.ofSeconds(1);
    private static final Logger LOG = LoggerFactory.getLogger(SystemTaskScheduler.class);

    private final Clock clock;
    private final ScheduledThreadPoolExecutor executor;

    SystemTaskScheduler(Clock clock) {
        this.clock = clock;
        this.executor = new ScheduledThreadPoolExecutor(1, DaemonThreads.named("windlass-timer"));
        executor.setRemoveOnCancelPolicy(true);
    }

    @Override
    public Clock clock() {
        return clock;
    }

    /** Waits on the clock directly: a looping handler's {@code await} arms no timer. */
    @Override
    public Latch newLatch() {
        return MonitorLatch.onClock(clock);
    }

    @Override
    public Timer schedule(Instant at, Runnable action) {
        ChunkedTimer timer = new ChunkedTimer(at, action);
        timer.arm();
        return timer;
    }

    private final class ChunkedTimer implements Timer {
        private final Instant at;
        private final Runnable action;
        private ScheduledFuture<?> future;
        private boolean cancelled;

        ChunkedTimer(Instant at, Runnable action) {
            this.at = at;
            this.action = action;
        }

        synchronized void arm() {
            if (cancelled) {
                return;
            }
            Duration delay = Duration.between(clock.instant(), at);
            if (delay.compareTo(MAX_CHUNK) > 0) {
                delay = MAX_CHUNK;
            }
            long nanos = Math.max(0, delay.toNanos());
            future = executor.schedule(this::fire, nanos, TimeUnit.NANOSECONDS);
        }

        private void fire() {
            if (clock.instant().isBefore(at)) {
                arm();
                return;
            }
            synchronized (this) {
                if (cancelled) {
                    return;
                }
                cancelled = true;
            }
            try {
                action.run();
            } catch (RuntimeException e) {
                LOG.error("timer action failed (it must post to a mailbox and return)", e);
            }
        }

        @Override
        public synchronized void cancel() {
            cancelled = true;
            if (future != null) {
                future.cancel(false);
            }
        }
    }
}
