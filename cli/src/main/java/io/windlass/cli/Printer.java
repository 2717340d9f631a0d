package io.windlass.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.windlass.cli.support.Json;
import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.WindlassException;
import java.io.PrintWriter;

/** Writes a command's result: text lines, or JSON (one pretty document, or compact JSON lines for streams). */
final class Printer {
    private final PrintWriter out;
    private final boolean json;

    Printer(PrintWriter out, boolean json) {
        this.out = out;
        this.json = json;
    }

    boolean json() {
        return json;
    }

    void line(String text) {
        out.println(text);
        out.flush();
    }

    /** Prints one JSON document. */
    void document(JsonNode doc) {
        try {
            out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(doc));
        } catch (JsonProcessingException e) {
            throw new WindlassException(ErrorCode.INTERNAL, "cannot write JSON: " + e.getOriginalMessage(), e);
        }
        out.flush();
    }

    /** Prints one compact JSON line (for streams). */
    void jsonLine(JsonNode doc) {
        out.println(Json.compact(doc));
        out.flush();
    }
}
