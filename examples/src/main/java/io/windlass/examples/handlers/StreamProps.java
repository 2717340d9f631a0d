package io.windlass.examples.handlers;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import io.windlass.examples.support.FlexibleDurationDeserializer;
import java.time.Duration;

/**
 * Props of the {@code stream} task type, e.g. {@code {"interval":"100ms","checkpointEvery":"1s","units":0}}.
 *
 * @param interval        one unit of work per interval (> 0, at most 365 days; default 100ms)
 * @param checkpointEvery how often the position is stored while it runs (> 0, at most 365 days; default 1s)
 * @param units           units after which the task completes; 0 = never (default 0)
 */
public record StreamProps(@JsonSerialize(using = ToStringSerializer.class) Duration interval,
                          @JsonSerialize(using = ToStringSerializer.class) Duration checkpointEvery,
                          long units) {
    public static final String TYPE = "stream";

    public StreamProps {
        Props.require(interval != null, TYPE, "interval is required");
        Props.positive(TYPE, "interval", interval);
        Props.require(checkpointEvery != null, TYPE, "checkpointEvery is required");
        Props.positive(TYPE, "checkpointEvery", checkpointEvery);
        Props.require(units >= 0, TYPE, "units must be >= 0 (0 = never complete), was " + units);
    }

    /** The JSON creator: absent fields take their defaults. */
    @JsonCreator
    static StreamProps fromJson(@JsonProperty("interval") @JsonDeserialize(using = FlexibleDurationDeserializer.class)
                                Duration interval,
                                @JsonProperty("checkpointEvery")
                                @JsonDeserialize(using = FlexibleDurationDeserializer.class)
                                Duration checkpointEvery,
                                @JsonProperty("units") Long units) {
        return new StreamProps(Props.orDefault(interval, Duration.ofMillis(100)),
                Props.orDefault(checkpointEvery, Duration.ofSeconds(1)), Props.orDefault(units, 0L));
    }

    public static StreamProps defaults() {
        return fromJson(null, null, null);
    }
}
