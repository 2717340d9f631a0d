package io.windlass.cli.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.WindlassException;

/** One configured Jackson mapper for the examples' own JSON (ISO-8601 times), and parsing with a clear error. */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);

    private Json() {
    }

    /** Parses user-supplied JSON; malformed text is INVALID_ARGUMENT naming {@code what} and the parser's complaint. */
    public static JsonNode parse(String what, String text) {
        try {
            JsonNode node = MAPPER.readTree(text);
            if (node == null) {
                throw new WindlassException(ErrorCode.INVALID_ARGUMENT, what + " is empty");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new WindlassException(ErrorCode.INVALID_ARGUMENT,
                    what + " is not valid JSON: " + e.getOriginalMessage());
        }
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** Compact one-line JSON. */
    public static String compact(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new WindlassException(ErrorCode.INTERNAL, "cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }
}
