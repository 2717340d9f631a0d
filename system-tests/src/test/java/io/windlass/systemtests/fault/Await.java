package io.windlass.systemtests.fault;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits for an observable condition with a timeout; never a blind sleep. The condition is checked at once and then
 * every {@value #CHECK_MILLIS} ms by a shared scheduler (one check at a time per wait), and the caller waits on the
 * future the first true check completes. An exception thrown by the condition ends the wait and is rethrown to the
 * caller. The condition runs on a scheduler thread: it must only touch thread-safe state or state the caller does not
 * touch while it waits (the caller's writes before the wait and the condition's writes before the wait ends are
 * visible to the other side).
 */
final class Await {
    private static final long CHECK_MILLIS = 100;
    /** A few threads: waits may run at once (a churn thread's and the test's) and nest (a condition that waits). */
    private static final ScheduledExecutorService CHECKS = Executors.newScheduledThreadPool(8, r -> {
        Thread t = new Thread(r, "await-check");
        t.setDaemon(true);
        return t;
    });

    private Await() {
    }

    /** Waits until {@code condition} holds; fails with {@code what} (and the last {@code detail}) on timeout. */
    static void until(String what, Duration timeout, BooleanSupplier condition, Supplier<String> detail) {
        if (!within(timeout, condition)) {
            throw new AssertionError("timed out after " + timeout + " waiting until " + what + "; "
                    + detail.get());
        }
    }

    static void until(String what, Duration timeout, BooleanSupplier condition) {
        until(what, timeout, condition, () -> "");
    }

    /**
     * Waits until {@code condition} holds (true) or {@code timeout} passed (false). When it returns, no check is
     * running any more. Restores the interrupt flag (and throws) if the caller is interrupted.
     */
    static boolean within(Duration timeout, BooleanSupplier condition) {
        CompletableFuture<Void> held = new CompletableFuture<>();
        Object checking = new Object();
        ScheduledFuture<?> checks = CHECKS.scheduleWithFixedDelay(() -> {
            synchronized (checking) {
                if (held.isDone()) {
                    return;
                }
                try {
                    if (condition.getAsBoolean()) {
                        held.complete(null);
                    }
                } catch (Throwable t) {
                    held.completeExceptionally(t);
                }
            }
        }, 0, CHECK_MILLIS, TimeUnit.MILLISECONDS);
        try {
            held.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            cause.addSuppressed(new IllegalStateException("thrown by the condition awaited here"));
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            checks.cancel(false);
            synchronized (checking) {
                held.cancel(false); // a check under way has ended; none starts after this
            }
        }
    }

    /** Elapsed time since a {@link System#nanoTime()} mark. */
    static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
