package io.windlass.examples.support;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import io.windlass.statemachine.WindlassException;
import java.io.IOException;
import java.time.Duration;

/**
 * Reads a {@link Duration} JSON property written as a string in any form {@link Durations#parse} accepts
 * ({@code "2s"}, {@code "PT2S"}). Numbers are refused because their unit would be a guess.
 */
public final class FlexibleDurationDeserializer extends StdScalarDeserializer<Duration> {
    private static final long serialVersionUID = 1L;

    public FlexibleDurationDeserializer() {
        super(Duration.class);
    }

    @Override
    public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            return (Duration) ctxt.handleUnexpectedToken(Duration.class, p.currentToken(), p,
                    "a duration must be a string such as \"2s\", \"500ms\" or \"PT2S\", not " + p.getText());
        }
        try {
            return Durations.parse(p.getText());
        } catch (WindlassException e) {
            return (Duration) ctxt.handleWeirdStringValue(Duration.class, p.getText(), e.getMessage());
        }
    }
}
