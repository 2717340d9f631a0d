package io.windlass.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/**
 * An endpoint's answer: a status, a body (JSON, or text with its content type) and extra headers that replace the
 * gate's defaults (the dashboard's Content-Security-Policy). Immutable.
 */
record Reply(int status, String contentType, byte[] body, Map<String, String> headers) {
    static final String JSON = "application/json; charset=utf-8";
    /** The endpoint answered on the exchange itself and owns it now (an event stream): the gate sends nothing. */
    static final Reply STREAMED = new Reply(200, "text/event-stream", new byte[0]);

    Reply {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("bad status " + status);
        }
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(body, "body");
        headers = Map.copyOf(headers);
    }

    Reply(int status, String contentType, byte[] body) {
        this(status, contentType, body, Map.of());
    }

    static Reply json(int status, JsonNode json) {
        return new Reply(status, JSON, Json.bytes(json));
    }

    static Reply ok(JsonNode json) {
        return json(200, json);
    }

    static Reply text(String contentType, String text) {
        return new Reply(200, contentType, text.getBytes(StandardCharsets.UTF_8));
    }
}
