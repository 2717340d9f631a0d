package io.windlass.consumer.spi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.WindlassException;
import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A submitted task: immutable once stored.
 *
 * @param id      unique within a namespace; {@code [A-Za-z0-9][A-Za-z0-9._:-]{0,127}} (no '/')
 * @param type    the handler type
 * @param props   the handler's props as JSON (validated against the handler's props type at submit)
 * @param created when it was submitted
 */
public record TaskRecord(String id, String type, JsonNode props, Instant created) {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
    /** Limit on the encoded size of props. */
    public static final int MAX_PROPS_BYTES = 64 * 1024;

    public TaskRecord {
        requireValidId(id);
        Objects.requireNonNull(type, "type");
        if (type.isBlank()) {
            throw new WindlassException(ErrorCode.INVALID_ARGUMENT, "task " + id + ": type must not be blank");
        }
        props = props == null ? NullNode.getInstance() : props.deepCopy();
        Objects.requireNonNull(created, "created");
    }

    @Override
    public JsonNode props() {
        return props.deepCopy();
    }

    /** Throws INVALID_ARGUMENT unless {@code id} is a valid task id. */
    public static String requireValidId(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new WindlassException(ErrorCode.INVALID_ARGUMENT,
                    "invalid task id '" + id + "': use 1-128 of [A-Za-z0-9._:-], starting with a letter or digit");
        }
        return id;
    }
}
