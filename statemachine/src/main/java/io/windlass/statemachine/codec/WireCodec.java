package io.windlass.statemachine.codec;

import com.fasterxml.jackson.databind.JsonNode;
import io.windlass.statemachine.Command;
import io.windlass.statemachine.TaskState;

/**
 * The stable JSON wire format of {@link TaskState} and {@link Command} (docs/wire-format.md). Thread-safe.
 * Decoding never returns null for bad input: it throws {@link DecodeException} with the raw bytes. Unknown extra
 * properties are ignored (forward compatibility). Encoding a state whose data is over
 * {@link TaskState#MAX_DATA_BYTES} throws PAYLOAD_TOO_LARGE.
 */
public interface WireCodec {

    static WireCodec standard() {
        return io.windlass.statemachine.internal.JacksonWireCodec.INSTANCE;
    }

    /**
     * {@code value} (a record, a map, ...) as a JSON tree, with the wire format's settings (Java time as ISO-8601
     * strings).
     *
     * @throws IllegalArgumentException when the value cannot be represented as JSON
     */
    JsonNode toTree(Object value);

    JsonNode stateToJson(TaskState state);

    /** @throws DecodeException for a malformed state; {@code raw} is reported with it */
    TaskState stateFromJson(JsonNode json, byte[] raw);

    byte[] encodeState(TaskState state);

    TaskState decodeState(byte[] bytes);

    JsonNode commandToJson(Command command);

    Command commandFromJson(JsonNode json, byte[] raw);

    byte[] encodeCommand(Command command);

    Command decodeCommand(byte[] bytes);

    /** Parses bytes as a JSON tree; DecodeException (with the bytes) when they are not JSON. */
    JsonNode parse(byte[] bytes);

    /** Serialises a tree as compact UTF-8 JSON. */
    byte[] write(JsonNode json);

    /**
     * Checks the size of checkpoint data before it is stored: returns its encoded size in bytes (0 for null).
     *
     * @throws io.windlass.statemachine.WindlassException PAYLOAD_TOO_LARGE when it encodes to more than
     *     {@link TaskState#MAX_DATA_BYTES}, naming both sizes
     */
    static int checkDataSize(JsonNode data) {
        return io.windlass.statemachine.internal.JacksonWireCodec.checkDataSize(data);
    }
}
