package io.windlass.consumer.spi;

import io.windlass.statemachine.WindlassException;

/**
 * The outcome of a {@link StateWrite}. A coordinator resolves indeterminate outcomes itself (by re-reading: if the
 * stored state is the one written, under the same fence, the write committed) before answering.
 */
public sealed interface WriteResult permits WriteResult.Committed, WriteResult.FenceLost, WriteResult.Failed {

    /** Stored; {@code state} carries the new revision. */
    record Committed(StoredState state) implements WriteResult {
    }

    /**
     * The claim is gone or another fence owns the task (or the state moved under us): the caller must stop the task
     * locally and drop its in-memory state. Never retry the same write.
     */
    record FenceLost(String reason) implements WriteResult {
    }

    /**
     * Not stored, and the claim may still be ours (store unavailable, out of space, ...). The caller may retry the
     * same write later if {@code error.retryable()}; the guard makes a retry safe.
     */
    record Failed(WindlassException error) implements WriteResult {
    }
}
