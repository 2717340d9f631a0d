package io.windlass.statemachine;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A task's persisted state. Immutable (the data node is deep-copied in and out).
 *
 * @param code    the state
 * @param until   the wake-up time; non-null exactly when {@code code == SLEEPING}
 * @param errors  accumulated errors, oldest first; at least one in {@code FAULT}; the error policy trims them
 * @param data    the handler's checkpoint data (JSON), or null; at most {@link #MAX_DATA_BYTES} when encoded
 * @param version incremented by every stored transition; 0 for a freshly submitted task
 */
public record TaskState(StateCode code, Instant until, List<TaskError> errors, JsonNode data, long version) {
    /** Limit on the encoded size of {@link #data()}; larger checkpoints are refused with PAYLOAD_TOO_LARGE. */
    public static final int MAX_DATA_BYTES = 256 * 1024;

    public TaskState {
        Objects.requireNonNull(code, "code");
        errors = errors == null ? List.of() : List.copyOf(errors);
        if (version < 0) {
            throw new WindlassException(ErrorCode.INVALID_ARGUMENT, "version must be >= 0, was " + version);
        }
        if (code == StateCode.SLEEPING && until == null) {
            throw new WindlassException(ErrorCode.INVALID_ARGUMENT, "a SLEEPING state needs 'until'");
        }
        if (code != StateCode.SLEEPING && until != null) {
            throw new WindlassException(ErrorCode.INVALID_ARGUMENT, "only a SLEEPING state has 'until' (state " + code + ")");
        }
        if (code == StateCode.FAULT && errors.isEmpty()) {
            throw new WindlassException(ErrorCode.INVALID_ARGUMENT, "a FAULT state needs at least one error");
        }
        data = data == null || data.isNull() ? null : data.deepCopy();
    }

    /** The state of a freshly submitted task: RUNNABLE, version 0, no errors, no data. */
    public static TaskState initial() {
        return new TaskState(StateCode.RUNNABLE, null, List.of(), null, 0);
    }

    /** A copy of the checkpoint data (callers may mutate it), or null. */
    @Override
    public JsonNode data() {
        return data == null ? null : data.deepCopy();
    }

    public TaskState withData(JsonNode newData) {
        return new TaskState(code, until, errors, newData, version);
    }

    public TaskState withErrors(List<TaskError> newErrors) {
        return new TaskState(code, until, newErrors, data, version);
    }
}
