package io.windlass.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** The server's JSON: one shared mapper (thread-safe), bounded body reading, error documents. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("JSON tree not serialisable", e);
        }
    }

    static ObjectNode error(String code, String message) {
        ObjectNode n = object();
        n.putObject("error").put("code", code).put("message", message);
        return n;
    }

    /**
     * Reads at most {@code max} bytes of a request body: PAYLOAD_TOO_LARGE (413) when the declared length or the bytes
     * sent exceed it, INVALID_ARGUMENT (400) when they are not one JSON object.
     */
    static ObjectNode readObject(InputStream in, long declaredLength, int max) throws IOException {
        if (declaredLength > max) {
            throw tooLarge(in, max);
        }
        byte[] body = in.readNBytes(max + 1);
        if (body.length > max) {
            throw tooLarge(in, max);
        }
        if (body.length == 0) {
            throw ApiError.badRequest("a JSON object body is required");
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (IOException e) {
            throw ApiError.badRequest("malformed JSON: " + firstLine(e.getMessage()));
        }
        if (node == null || !node.isObject()) {
            throw ApiError.badRequest("the body must be a JSON object");
        }
        return (ObjectNode) node;
    }

    /** A text field of {@code body}: null when absent or null; INVALID_ARGUMENT when present but not a string. */
    static String text(ObjectNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw ApiError.badRequest("'" + field + "' must be a string");
        }
        return v.asText();
    }

    static String required(ObjectNode body, String field) {
        String v = text(body, field);
        if (v == null || v.isBlank()) {
            throw ApiError.badRequest("'" + field + "' is required");
        }
        return v;
    }

    /**
     * The 413 error, after reading and dropping up to {@link #DRAIN_LIMIT} more bytes: a socket closed with unread
     * bytes is reset, and the reset can destroy the reply before the client reads it. Past the limit the connection
     * is simply closed.
     */
    private static ApiError tooLarge(InputStream in, int max) throws IOException {
        long left = DRAIN_LIMIT;
        byte[] sink = new byte[8192];
        int n;
        while (left > 0 && (n = in.read(sink, 0, (int) Math.min(sink.length, left))) > 0) {
            left -= n;
        }
        return new ApiError(413, "PAYLOAD_TOO_LARGE", "the request body is limited to " + max + " bytes");
    }

    /** How much of an oversized body is read and dropped before the 413 is sent. */
    static final long DRAIN_LIMIT = 4L * 1024 * 1024;

    private static String firstLine(String s) {
        String m = String.valueOf(s);
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
