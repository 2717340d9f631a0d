package io.windlass.systemtests.fault;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polls an observable condition until it holds or a timeout passes; never a blind sleep. */
final class Await {
    private static final long POLL_MILLIS = 100;

    private Await() {
    }

    /** Waits until {@code condition} holds; fails with {@code what} (and the last {@code detail}) on timeout. */
    static void until(String what, Duration timeout, BooleanSupplier condition, Supplier<String> detail) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeout + " waiting until " + what + "; "
                        + detail.get());
            }
            pause(POLL_MILLIS);
        }
    }

    static void until(String what, Duration timeout, BooleanSupplier condition) {
        until(what, timeout, condition, () -> "");
    }

    /** Elapsed time since a {@link System#nanoTime()} mark. */
    static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    /** The poll interval between two checks of an observable condition (restores the interrupt flag). */
    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
