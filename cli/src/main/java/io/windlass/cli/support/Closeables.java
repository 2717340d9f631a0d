package io.windlass.cli.support;

import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.WindlassException;

/** Closing several resources in order. */
public final class Closeables {
    private Closeables() {
    }

    /**
     * Closes each of {@code resources} in order (nulls skipped), every one even when an earlier one fails; then
     * rethrows the first failure (unchecked as it was, a checked one wrapped as INTERNAL), the others suppressed.
     */
    public static void closeAll(AutoCloseable... resources) {
        Exception first = null;
        for (AutoCloseable r : resources) {
            try {
                if (r != null) {
                    r.close();
                }
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first instanceof RuntimeException unchecked) {
            throw unchecked;
        }
        if (first != null) {
            throw new WindlassException(ErrorCode.INTERNAL, "closing failed: " + first, first);
        }
    }
}
