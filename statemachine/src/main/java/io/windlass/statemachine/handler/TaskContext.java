package io.windlass.statemachine.handler;

import com.fasterxml.jackson.databind.JsonNode;
import io.windlass.statemachine.ErrorPolicy;
import io.windlass.statemachine.TaskError;
import io.windlass.statemachine.TaskState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What a callback knows about its task for the duration of ONE callback. A context is invalid once the callback has
 * returned: any later call (say, from a thread the handler leaked) throws ILLEGAL_STATE, so a leaked thread cannot
 * act on the task's next step; once the task stopped running here (claim lost, node abandoned it) calls throw
 * CLAIM_LOST or ILLEGAL_STATE naming why. {@link #stop()} always answers: an invalid context's stop is requested.
 * Thread-safe: the handler may use its context from any thread while the callback runs.
 *
 * @param <P> the props type
 */
public interface TaskContext<P> {

    /** How long {@link #checkpointNow(JsonNode)} waits for the store. */
    Duration CHECKPOINT_NOW_TIMEOUT = Duration.ofSeconds(30);

    String taskId();

    String taskType();

    P props();

    /** The stored state this callback reacts to. */
    TaskState state();

    /** The checkpoint data as last stored (including by {@link #checkpointNow} during this callback), or null. */
    JsonNode data();

    /**
     * Sets the checkpoint data to store atomically with the transition this callback's result causes.
     * Over {@link TaskState#MAX_DATA_BYTES} → PAYLOAD_TOO_LARGE, thrown here.
     */
    void checkpoint(JsonNode data);

    /**
     * Stores {@code data} as the task's checkpoint data now, while the callback goes on: a long-running
     * {@code onRunnable} (a loop until {@link #stop()}) keeps its position this way, so a move to another node
     * resumes near where it stopped. It is a fenced write like every other write of the owner (guarded on this
     * node's claim and the stored revision), stored as a CHECKPOINT transition (Runnable → Runnable, version + 1).
     * Blocks the calling thread until the write is stored, at most {@code timeout} on the consumer's clock. It
     * supersedes data set earlier with {@link #checkpoint}; data set with {@code checkpoint} afterwards is stored with
     * the callback's result. Only in {@code onRunnable}.
     *
     * @throws io.windlass.statemachine.WindlassException CLAIM_LOST when the claim is gone (the data is not stored,
     *     the task no longer runs here, {@link #stop()} is requested: return); UNAVAILABLE when not stored within
     *     {@code timeout} (the write goes on in the background, and a later {@code checkpointNow} or the callback's
     *     result supersedes it); PAYLOAD_TOO_LARGE over {@link TaskState#MAX_DATA_BYTES}; ILLEGAL_STATE outside
     *     {@code onRunnable} or after the callback returned; INTERRUPTED when the thread is interrupted (the flag is
     *     restored)
     */
    void checkpointNow(JsonNode data, Duration timeout);

    /** {@link #checkpointNow(JsonNode, Duration)} waiting at most {@link #CHECKPOINT_NOW_TIMEOUT}. */
    default void checkpointNow(JsonNode data) {
        checkpointNow(data, CHECKPOINT_NOW_TIMEOUT);
    }

    /** Replaces the error list stored with the next transition (used by fault decisions to trim errors). */
    void keepErrors(List<TaskError> errors);

    /** The consumer's clock. */
    Instant now();

    /**
     * The fencing token of this node's claim on the task: strictly greater than any earlier owner's. Pass it to
     * external systems so their writes can be fenced, or use it to make side effects idempotent.
     */
    long fence();

    /** The id of the node running this callback. */
    String nodeId();

    /** This callback's stop signal: requested by Pause, Kill, Release, Sleep, a balance, stop_task or a shutdown. */
    StopSignal stop();

    ErrorPolicy errorPolicy();
}
