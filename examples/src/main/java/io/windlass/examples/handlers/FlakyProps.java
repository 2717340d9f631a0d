package io.windlass.examples.handlers;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import io.windlass.examples.support.FlexibleDurationDeserializer;
import java.time.Duration;

/**
 * Props of the {@code flaky} task type, e.g. {@code {"failureProbability":0.3,"steps":5,"interval":"1s"}}.
 *
 * @param failureProbability chance that a step fails, 0..1 (default 0.3)
 * @param steps              steps until it completes (default 10)
 * @param interval           sleep between steps (default 1s)
 * @param retryDelay         how long a faulted task waits before retrying (default 1s)
 * @param maxErrors          consecutive failures after which it gives up and fails (1..1000, default 3)
 * @param seed               seed of the failure dice, mixed with the task id and version (default 0), so a
 *                           task's failures are reproducible
 */
public record FlakyProps(double failureProbability, int steps,
                         @JsonSerialize(using = ToStringSerializer.class) Duration interval,
                         @JsonSerialize(using = ToStringSerializer.class) Duration retryDelay,
                         int maxErrors, long seed) {
    public static final String TYPE = "flaky";

    public FlakyProps {
        Props.require(failureProbability >= 0 && failureProbability <= 1, TYPE,
                "failureProbability must be 0..1, was " + failureProbability);
        Props.require(steps >= 1 && steps <= 1_000_000_000, TYPE, "steps must be 1..1000000000, was " + steps);
        Props.require(interval != null, TYPE, "interval is required");
        Props.nonNegative(TYPE, "interval", interval);
        Props.require(retryDelay != null, TYPE, "retryDelay is required");
        Props.nonNegative(TYPE, "retryDelay", retryDelay);
        Props.require(maxErrors >= 1 && maxErrors <= 1000, TYPE, "maxErrors must be 1..1000, was " + maxErrors);
    }

    /** The JSON creator: absent fields take their defaults. */
    @JsonCreator
    static FlakyProps fromJson(@JsonProperty("failureProbability") Double failureProbability,
                               @JsonProperty("steps") Integer steps,
                               @JsonProperty("interval") @JsonDeserialize(using = FlexibleDurationDeserializer.class)
                               Duration interval,
                               @JsonProperty("retryDelay") @JsonDeserialize(using = FlexibleDurationDeserializer.class)
                               Duration retryDelay,
                               @JsonProperty("maxErrors") Integer maxErrors,
                               @JsonProperty("seed") Long seed) {
        return new FlakyProps(Props.orDefault(failureProbability, 0.3), Props.orDefault(steps, 10),
                Props.orDefault(interval, Duration.ofSeconds(1)), Props.orDefault(retryDelay, Duration.ofSeconds(1)),
                Props.orDefault(maxErrors, 3), Props.orDefault(seed, 0L));
    }

    public static FlakyProps defaults() {
        return fromJson(null, null, null, null, null, null);
    }
}
