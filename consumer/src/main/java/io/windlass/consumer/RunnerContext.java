package io.windlass.consumer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.ErrorPolicy;
import io.windlass.statemachine.TaskError;
import io.windlass.statemachine.TaskState;
import io.windlass.statemachine.WindlassException;
import io.windlass.statemachine.handler.StopSignal;
import io.windlass.statemachine.handler.TaskContext;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * The {@link TaskContext} of ONE callback. Valid until the callback returns; {@link #invalidate()} (called by the
 * consumer right after the callback, or when the task is stopped locally) makes every later call throw ILLEGAL_STATE,
 * so a thread the handler leaked cannot act on the task's next step. Thread-safe.
 */
final class RunnerContext<P> implements TaskContext<P> {
    private static final ObjectMapper SIZER = new ObjectMapper();

    private final String taskId;
    private final String taskType;
    private final P props;
    private final TaskState state;
    private final long fence;
    private final String nodeId;
    private final RunnerStopSignal stop;
    private final ErrorPolicy errorPolicy;
    private final Clock clock;
    private boolean valid = true;
    private JsonNode checkpoint;
    private boolean checkpointSet;
    private List<TaskError> keptErrors;

    RunnerContext(String taskId, String taskType, P props, TaskState state, long fence, String nodeId,
                  RunnerStopSignal stop, ErrorPolicy errorPolicy, Clock clock) {
        this.taskId = taskId;
        this.taskType = taskType;
        this.props = props;
        this.state = state;
        this.fence = fence;
        this.nodeId = nodeId;
        this.stop = stop;
        this.errorPolicy = errorPolicy;
        this.clock = clock;
    }

    /** What the callback left behind for the next write. */
    record Effects(boolean checkpointSet, JsonNode checkpoint, List<TaskError> keptErrors) {
    }

    /** Ends this context; returns what the callback set. Idempotent. */
    synchronized Effects invalidate() {
        valid = false;
        return new Effects(checkpointSet, checkpoint, keptErrors);
    }

    RunnerStopSignal stopSignal() {
        return stop;
    }

    private synchronized void check() {
        if (!valid) {
            throw new WindlassException(ErrorCode.ILLEGAL_STATE, "the TaskContext of task " + taskId
                    + " is no longer valid: its callback returned (a thread leaked by the handler cannot act on the"
                    + " task's next step)");
        }
    }

    @Override
    public String taskId() {
        check();
        return taskId;
    }

    @Override
    public String taskType() {
        check();
        return taskType;
    }

    @Override
    public P props() {
        check();
        return props;
    }

    @Override
    public TaskState state() {
        check();
        return state;
    }

    @Override
    public JsonNode data() {
        check();
        return state.data();
    }

    @Override
    public synchronized void checkpoint(JsonNode data) {
        check();
        if (data != null && !data.isNull()) {
            int size = encodedSize(data);
            if (size > TaskState.MAX_DATA_BYTES) {
                throw new WindlassException(ErrorCode.PAYLOAD_TOO_LARGE, "task " + taskId + ": checkpoint data is "
                        + size + " bytes encoded, the limit is " + TaskState.MAX_DATA_BYTES);
            }
        }
        checkpoint = data == null || data.isNull() ? null : data.deepCopy();
        checkpointSet = true;
    }

    private int encodedSize(JsonNode data) {
        try {
            return SIZER.writeValueAsBytes(data).length;
        } catch (JsonProcessingException e) {
            throw new WindlassException(ErrorCode.INVALID_ARGUMENT, "task " + taskId + ": checkpoint data cannot be"
                    + " encoded as JSON: " + e.getOriginalMessage(), e);
        }
    }

    @Override
    public synchronized void keepErrors(List<TaskError> errors) {
        check();
        keptErrors = List.copyOf(errors);
    }

    @Override
    public Instant now() {
        check();
        return clock.instant();
    }

    @Override
    public long fence() {
        check();
        return fence;
    }

    @Override
    public String nodeId() {
        check();
        return nodeId;
    }

    @Override
    public StopSignal stop() {
        check();
        return stop;
    }

    @Override
    public ErrorPolicy errorPolicy() {
        check();
        return errorPolicy;
    }

    @Override
    public String toString() {
        return "TaskContext[" + taskId + ", " + state.code() + ", fence " + fence + "]";
    }
}
