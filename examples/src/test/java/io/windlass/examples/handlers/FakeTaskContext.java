package io.windlass.examples.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import io.windlass.statemachine.Command;
import io.windlass.statemachine.ErrorPolicy;
import io.windlass.statemachine.TaskError;
import io.windlass.statemachine.TaskState;
import io.windlass.statemachine.handler.StopSignal;
import io.windlass.statemachine.handler.TaskContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A hand-made context for calling a handler directly: fixed state, time, node and fence; records what it is told. */
final class FakeTaskContext<P> implements TaskContext<P> {
    final String taskId;
    final P props;
    final TaskState state;
    final Instant now;
    boolean stopRequested;
    JsonNode checkpointed;
    final List<JsonNode> storedNow = new java.util.ArrayList<>();
    List<TaskError> kept;

    FakeTaskContext(String taskId, P props, TaskState state, Instant now) {
        this.taskId = taskId;
        this.props = props;
        this.state = state;
        this.now = now;
    }

    @Override public String taskId() { return taskId; }
    @Override public String taskType() { return "test"; }
    @Override public P props() { return props; }
    @Override public TaskState state() { return state; }
    @Override public JsonNode data() { return state.data(); }
    @Override public void checkpoint(JsonNode data) { checkpointed = data.deepCopy(); }
    @Override public void checkpointNow(JsonNode data, Duration timeout) { storedNow.add(data.deepCopy()); }
    @Override public void keepErrors(List<TaskError> errors) { kept = List.copyOf(errors); }
    @Override public Instant now() { return now; }
    @Override public long fence() { return 1234; }
    @Override public String nodeId() { return "n1"; }

    @Override
    public StopSignal stop() {
        return new StopSignal() {
            @Override public boolean requested() { return stopRequested; }
            @Override public Optional<Command> reason() { return Optional.empty(); }
            @Override public boolean await(Duration timeout) { return stopRequested; }
        };
    }

    @Override
    public ErrorPolicy errorPolicy() {
        throw new UnsupportedOperationException("not used by the example handlers");
    }
}
