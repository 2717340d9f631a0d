package io.windlass.statemachine.handler;

import com.fasterxml.jackson.databind.JsonNode;
import io.windlass.statemachine.ErrorPolicy;
import io.windlass.statemachine.TaskError;
import io.windlass.statemachine.TaskState;
import java.time.Instant;
import java.util.List;

/**
 * What a callback knows about its task for the duration of ONE callback. A context is invalid once the callback has
 * returned: any later call (say, from a thread the handler leaked) throws ILLEGAL_STATE, so a leaked thread cannot
 * act on the task's next step.
 *
 * @param <P> the props type
 */
public interface TaskContext<P> {

    String taskId();

    String taskType();

    P props();

    /** The stored state this callback reacts to. */
    TaskState state();

    /** The checkpoint data as last stored (a copy), or null. */
    JsonNode data();

    /**
     * Sets the checkpoint data to store atomically with the transition this callback's result causes.
     * Over {@link TaskState#MAX_DATA_BYTES} → PAYLOAD_TOO_LARGE, thrown here.
     */
    void checkpoint(JsonNode data);

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

    StopSignal stop();

    ErrorPolicy errorPolicy();
}
