package io.windlass.consumer.spi;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Helpers for the failures that asynchronous coordinator calls complete with. */
public final class Failures {
    private Failures() {
    }

    /**
     * The failure inside any {@link CompletionException}/{@link ExecutionException} wrappers (as futures add them):
     * the innermost non-wrapper, or the last wrapper when it has no cause. {@code null} stays {@code null}.
     */
    public static Throwable unwrap(Throwable t) {
        Throwable c = t;
        while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }
}
