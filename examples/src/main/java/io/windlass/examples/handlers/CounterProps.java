package io.windlass.examples.handlers;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import io.windlass.examples.support.FlexibleDurationDeserializer;
import java.time.Duration;

/**
 * Props of the {@code counter} task type, e.g. {@code {"steps":5,"interval":"2s"}}.
 *
 * @param steps    how many steps until the task completes (1..1,000,000,000; default 10)
 * @param interval how long it sleeps between steps (0..365 days; 0 means "checkpoint and go on"; default 1s)
 */
public record CounterProps(int steps, @JsonSerialize(using = ToStringSerializer.class) Duration interval) {
    public static final String TYPE = "counter";

    public CounterProps {
        Props.require(steps >= 1 && steps <= 1_000_000_000, TYPE, "steps must be 1..1000000000, was " + steps);
        Props.require(interval != null, TYPE, "interval is required");
        Props.nonNegative(TYPE, "interval", interval);
    }

    /** The JSON creator: absent fields take their defaults. */
    @JsonCreator
    static CounterProps fromJson(@JsonProperty("steps") Integer steps,
                                 @JsonProperty("interval") @JsonDeserialize(using = FlexibleDurationDeserializer.class)
                                 Duration interval) {
        return new CounterProps(Props.orDefault(steps, 10), Props.orDefault(interval, Duration.ofSeconds(1)));
    }

    /** The defaults, used when a task has no props at all. */
    public static CounterProps defaults() {
        return fromJson(null, null);
    }
}
