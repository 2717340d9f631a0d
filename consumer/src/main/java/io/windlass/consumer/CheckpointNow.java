package io.windlass.consumer;

import com.fasterxml.jackson.databind.JsonNode;
import io.windlass.consumer.time.TaskScheduler;
import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.WindlassException;
import java.time.Duration;
import java.time.Instant;

/**
 * One {@code ctx.checkpointNow(data)} call: the data to store and its outcome. The handler's thread creates it, hands
 * it to the task's mailbox and {@linkplain #await waits}; the runner completes it on the mailbox ({@link #stored} or
 * {@link #fail}). The first outcome wins. Thread-safe.
 */
final class CheckpointNow {
    private final RunnerContext<?> context;
    private final JsonNode data;
    private final TaskScheduler.Latch done;
    private WindlassException failure;

    CheckpointNow(RunnerContext<?> context, JsonNode data, TaskScheduler.Latch done) {
        this.context = context;
        this.data = data;
        this.done = done;
    }

    RunnerContext<?> context() {
        return context;
    }

    /** The data to store (null clears it). */
    JsonNode data() {
        return data;
    }

    synchronized void stored() {
        done.open();
    }

    synchronized void fail(WindlassException error) {
        if (!done.isOpen()) {
            failure = error;
            done.open();
        }
    }

    /**
     * Waits (handler thread) until the runner answered or the consumer's clock reaches {@code deadline}.
     *
     * @throws WindlassException the failure the runner reported (a new exception with the same code, so the handler's
     *     stack is in it); UNAVAILABLE at the deadline; INTERRUPTED (flag restored)
     */
    void await(String taskId, Instant deadline, Duration timeout) {
        boolean answered;
        try {
            answered = done.await(deadline);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WindlassException(ErrorCode.INTERRUPTED, "task " + taskId + ": checkpointNow interrupted; the"
                    + " write may still be stored", e);
        }
        if (!answered) {
            throw new WindlassException(ErrorCode.UNAVAILABLE, "task " + taskId + ": checkpointNow not stored within "
                    + timeout + "; the write goes on in the background (a later checkpointNow or the callback's result"
                    + " supersedes it)");
        }
        WindlassException f;
        synchronized (this) {
            f = failure;
        }
        if (f != null) {
            throw new WindlassException(f.code(), f.getMessage(), f);
        }
    }
}
