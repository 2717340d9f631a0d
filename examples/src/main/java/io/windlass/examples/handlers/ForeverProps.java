package io.windlass.examples.handlers;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import io.windlass.examples.support.FlexibleDurationDeserializer;
import java.time.Duration;

/**
 * Props of the {@code forever} task type, e.g. {@code {"interval":"5s"}}.
 *
 * @param interval how long it sleeps between wake-ups (> 0, at most 365 days; default 5s)
 */
public record ForeverProps(@JsonSerialize(using = ToStringSerializer.class) Duration interval) {
    public static final String TYPE = "forever";

    public ForeverProps {
        Props.require(interval != null, TYPE, "interval is required");
        Props.positive(TYPE, "interval", interval);
    }

    @JsonCreator
    static ForeverProps fromJson(@JsonProperty("interval") @JsonDeserialize(using = FlexibleDurationDeserializer.class)
                                 Duration interval) {
        return new ForeverProps(Props.orDefault(interval, Duration.ofSeconds(5)));
    }

    public static ForeverProps defaults() {
        return fromJson(null);
    }
}
