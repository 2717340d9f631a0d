package io.windlass.statemachine.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.windlass.statemachine.Command;
import io.windlass.statemachine.CommandKind;
import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.StateCode;
import io.windlass.statemachine.TaskError;
import io.windlass.statemachine.TaskState;
import io.windlass.statemachine.TimeBounds;
import io.windlass.statemachine.WindlassException;
import io.windlass.statemachine.codec.DecodeException;
import io.windlass.statemachine.codec.WireCodec;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The Jackson implementation of the wire format in docs/wire-format.md. States and commands are mapped by hand
 * through the tree model (no reflection on Windlass types), so every decode problem gets a precise message.
 * Encoding refuses (INVALID_ARGUMENT) times outside {@link TimeBounds}: nothing is written that could not be read.
 * Thread-safe and stateless apart from the shared mapper.
 */
public final class JacksonWireCodec implements WireCodec {
    public static final WireCodec INSTANCE = new JacksonWireCodec();

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private JacksonWireCodec() {
    }

    @Override
    public JsonNode toTree(Object value) {
        return MAPPER.valueToTree(value);
    }

    /** The shared, configured mapper (Java time as ISO-8601 strings, unknown properties ignored); module-internal. */
    public static ObjectMapper sharedMapper() {
        return MAPPER;
    }

    // ---- state ----

    @Override
    public JsonNode stateToJson(TaskState state) {
        checkDataSize(state.data());
        return stateTree(state);
    }

    @Override
    public byte[] encodeState(TaskState state) {
        byte[] bytes = write(stateTree(state));
        if (bytes.length > TaskState.MAX_DATA_BYTES) { // data can only be over the limit if the whole state is
            checkDataSize(state.data());
        }
        return bytes;
    }

    private static ObjectNode stateTree(TaskState state) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("code", state.code().name());
        if (state.until() != null) {
            o.put("until", TimeBounds.require("state until", state.until()).toString());
        }
        ArrayNode errors = o.putArray("errors");
        for (TaskError e : state.errors()) {
            errors.add(errorTree(e));
        }
        JsonNode data = state.data();
        if (data != null) {
            o.set("data", data);
        }
        o.put("version", state.version());
        return o;
    }

    @Override
    public TaskState stateFromJson(JsonNode json, byte[] raw) {
        try {
            JsonNode o = WireFields.requireObject(json, "a task state");
            StateCode code = WireFields.requireEnum(o, "code", StateCode.class, "state code");
            List<TaskError> errors = new ArrayList<>();
            JsonNode list = WireFields.optional(o, "errors");
            if (list != null) {
                if (!list.isArray()) {
                    throw new WireFields.Problem("field 'errors' must be an array, was " + WireFields.typeOf(list));
                }
                for (int i = 0; i < list.size(); i++) {
                    errors.add(errorFromTree(WireFields.requireObject(list.get(i), "errors[" + i + "]")));
                }
            }
            return new TaskState(code, WireFields.optionalInstant(o, "until"), errors, WireFields.optional(o, "data"),
                    WireFields.requireNonNegativeLong(o, "version"));
        } catch (WireFields.Problem | WindlassException e) {
            throw decodeFailure("task state", e, json, raw);
        }
    }

    @Override
    public TaskState decodeState(byte[] bytes) {
        return stateFromJson(parse(bytes), bytes);
    }

    // ---- command ----

    @Override
    public JsonNode commandToJson(Command command) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("kind", command.kind().name());
        if (command instanceof Command.Sleep sleep) {
            o.put("until", sleep.until().toString());
        } else if (command instanceof Command.Error error) {
            o.set("error", errorTree(error.error()));
        }
        return o;
    }

    @Override
    public byte[] encodeCommand(Command command) {
        return write(commandToJson(command));
    }

    @Override
    public Command commandFromJson(JsonNode json, byte[] raw) {
        try {
            JsonNode o = WireFields.requireObject(json, "a command");
            CommandKind kind = WireFields.requireEnum(o, "kind", CommandKind.class, "command kind");
            return switch (kind) {
                case RUN -> new Command.Run();
                case SLEEP -> new Command.Sleep(WireFields.requireInstant(o, "until"));
                case PAUSE -> new Command.Pause();
                case KILL -> new Command.Kill();
                case COMPLETE -> new Command.Complete();
                case ERROR -> new Command.Error(errorFromTree(
                        WireFields.requireObject(WireFields.require(o, "error"), "field 'error'")));
                case CHECKPOINT -> new Command.Checkpoint();
                case RELEASE -> new Command.Release();
            };
        } catch (WireFields.Problem | WindlassException e) {
            throw decodeFailure("command", e, json, raw);
        }
    }

    @Override
    public Command decodeCommand(byte[] bytes) {
        return commandFromJson(parse(bytes), bytes);
    }

    // ---- errors ----

    private static ObjectNode errorTree(TaskError e) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("at", TimeBounds.require("error at", e.at()).toString()); // never write what cannot be read back
        o.put("message", e.message());
        if (e.type() != null) {
            o.put("type", e.type());
        }
        return o;
    }

    private static TaskError errorFromTree(JsonNode o) {
        return new TaskError(WireFields.requireInstant(o, "at"), WireFields.requireText(o, "message"),
                WireFields.optionalText(o, "type"));
    }

    // ---- raw JSON ----

    @Override
    public JsonNode parse(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw new DecodeException("cannot decode: no bytes (empty value)", bytes, null);
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new DecodeException("malformed JSON: " + e.getOriginalMessage(), bytes, e);
        } catch (IOException e) {
            throw new DecodeException("unreadable JSON: " + e.getMessage(), bytes, e);
        }
        if (node == null || node.isMissingNode()) {
            throw new DecodeException("cannot decode: no JSON value (blank input)", bytes, null);
        }
        return node;
    }

    @Override
    public byte[] write(JsonNode json) {
        try {
            return MAPPER.writeValueAsBytes(json);
        } catch (JsonProcessingException e) {
            throw new WindlassException(ErrorCode.INTERNAL, "cannot serialise JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** See {@link WireCodec#checkDataSize}. */
    public static int checkDataSize(JsonNode data) {
        if (data == null || data.isNull()) {
            return 0;
        }
        CountingStream out = new CountingStream();
        try {
            MAPPER.writeValue(out, data);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a counting stream does not fail
        }
        if (out.count > TaskState.MAX_DATA_BYTES) {
            throw new WindlassException(ErrorCode.PAYLOAD_TOO_LARGE, "checkpoint data is " + out.count
                    + " bytes encoded, over the limit of " + TaskState.MAX_DATA_BYTES + " bytes");
        }
        return (int) out.count;
    }

    private static DecodeException decodeFailure(String what, RuntimeException e, JsonNode json, byte[] raw) {
        String problem = e instanceof WindlassException w
                ? e.getMessage().substring(w.code().name().length() + 2)
                : e.getMessage();
        byte[] bytes = raw != null ? raw : json == null ? null : json.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return new DecodeException("cannot decode " + what + ": " + problem, bytes, e);
    }

    private static final class CountingStream extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
