package io.windlass.consumer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.windlass.statemachine.ErrorCode;
import io.windlass.consumer.time.TaskScheduler;
import io.windlass.statemachine.ErrorPolicy;
import io.windlass.statemachine.StateCode;
import io.windlass.statemachine.TaskError;
import io.windlass.statemachine.TaskState;
import io.windlass.statemachine.WindlassException;
import io.windlass.statemachine.handler.StopSignal;
import io.windlass.statemachine.handler.TaskContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * The {@link TaskContext} of ONE callback. Valid until the callback returns; {@link #invalidate()} (called by the
 * consumer right after the callback) or {@link #abandon} (the task stopped here) makes every later call throw
 * ILLEGAL_STATE or the abandonment's error, so a thread the handler leaked cannot act on the task's next step; both
 * raise the stop signal. {@link #checkpointNow} hands its write to the task's mailbox ({@code checkpoints}) and waits
 * on a latch of the consumer's scheduler for the answer. Thread-safe.
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
    private final TaskScheduler scheduler;
    private final Consumer<CheckpointNow> checkpoints;
    private boolean valid = true;
    private WindlassException abandoned;
    private JsonNode latestData;
    private JsonNode checkpoint;
    private boolean checkpointSet;
    private List<TaskError> keptErrors;

    RunnerContext(String taskId, String taskType, P props, TaskState state, long fence, String nodeId,
                  RunnerStopSignal stop, ErrorPolicy errorPolicy, TaskScheduler scheduler,
                  Consumer<CheckpointNow> checkpoints) {
        this.taskId = taskId;
        this.taskType = taskType;
        this.props = props;
        this.state = state;
        this.fence = fence;
        this.nodeId = nodeId;
        this.stop = stop;
        this.errorPolicy = errorPolicy;
        this.scheduler = scheduler;
        this.checkpoints = checkpoints;
        this.latestData = state.data();
    }

    /** What the callback left behind for the next write. */
    record Effects(boolean checkpointSet, JsonNode checkpoint, List<TaskError> keptErrors) {
    }

    /** Ends this context and raises its stop signal; returns what the callback set. Idempotent. */
    synchronized Effects invalidate() {
        valid = false;
        stop.request(null);
        return new Effects(checkpointSet, checkpoint, keptErrors);
    }

    /** Ends this context because the task stopped here; later calls throw {@code why}'s code and message. */
    synchronized void abandon(WindlassException why) {
        if (valid) {
            abandoned = why;
        }
        invalidate();
    }

    RunnerStopSignal stopSignal() {
        return stop;
    }

    private synchronized void check() {
        if (abandoned != null) {
            throw new WindlassException(abandoned.code(), abandoned.getMessage());
        }
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
    public synchronized JsonNode data() {
        check();
        return latestData;
    }

    @Override
    public synchronized void checkpoint(JsonNode data) {
        check();
        checkpoint = sized(data);
        checkpointSet = true;
    }

    @Override
    public void checkpointNow(JsonNode data, Duration timeout) {
        CheckpointNow request;
        synchronized (this) {
            check();
            if (state.code() != StateCode.RUNNABLE) {
                throw new WindlassException(ErrorCode.ILLEGAL_STATE, "task " + taskId + ": checkpointNow is for"
                        + " onRunnable; this callback reacts to " + state.code());
            }
            request = new CheckpointNow(this, sized(data), scheduler.newLatch());
            checkpoint = null;
            checkpointSet = false;
        }
        Instant now = scheduler.now();
        Instant deadline = Duration.between(now, Instant.MAX).compareTo(timeout) <= 0 ? Instant.MAX
                : now.plus(timeout);
        checkpoints.accept(request);
        request.await(taskId, deadline, timeout);
        synchronized (this) {
            latestData = request.data();
        }
    }

    /** A private copy of {@code data} (null for JSON null) after checking its encoded size. */
    private JsonNode sized(JsonNode data) {
        if (data == null || data.isNull()) {
            return null;
        }
        int size = encodedSize(data);
        if (size > TaskState.MAX_DATA_BYTES) {
            throw new WindlassException(ErrorCode.PAYLOAD_TOO_LARGE, "task " + taskId + ": checkpoint data is "
                    + size + " bytes encoded, the limit is " + TaskState.MAX_DATA_BYTES);
        }
        return data.deepCopy();
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
        return scheduler.now();
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

    /** Always answers (also when invalid: then the stop is requested), so a loop on it ends after its task did. */
    @Override
    public StopSignal stop() {
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
