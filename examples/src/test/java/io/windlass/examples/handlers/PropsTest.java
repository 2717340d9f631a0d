package io.windlass.examples.handlers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Props decode from JSON with defaults and refuse bad values with a message naming the type and field. */
class PropsTest {
    private final ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @Test
    void counterPropsAcceptShortAndIsoDurationsAndDefaults() throws Exception {
        assertThat(mapper.readValue("{\"steps\":5,\"interval\":\"2s\"}", CounterProps.class))
                .isEqualTo(new CounterProps(5, Duration.ofSeconds(2)));
        assertThat(mapper.readValue("{\"interval\":\"PT0.5S\"}", CounterProps.class))
                .isEqualTo(new CounterProps(10, Duration.ofMillis(500)));
        assertThat(mapper.readValue("{}", FlakyProps.class)).isEqualTo(FlakyProps.defaults());
        assertThat(mapper.readValue("{}", ForeverProps.class).interval()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void propsRoundTripThroughJson() throws Exception {
        FlakyProps p = new FlakyProps(0.25, 4, Duration.ofMillis(1500), Duration.ZERO, 2, 99);
        assertThat(mapper.readValue(mapper.writeValueAsString(p), FlakyProps.class)).isEqualTo(p);
    }

    @Test
    void badValuesNameTheTypeAndField() {
        assertThatThrownBy(() -> mapper.readValue("{\"steps\":0}", CounterProps.class))
                .hasStackTraceContaining("counter props: steps must be 1..1000000000, was 0");
        assertThatThrownBy(() -> mapper.readValue("{\"interval\":\"soon\"}", CounterProps.class))
                .hasMessageContaining("invalid duration 'soon'");
        assertThatThrownBy(() -> mapper.readValue("{\"interval\":5}", CounterProps.class))
                .hasMessageContaining("a duration must be a string");
        assertThatThrownBy(() -> mapper.readValue("{\"failureProbability\":1.5}", FlakyProps.class))
                .hasStackTraceContaining("flaky props: failureProbability must be 0..1");
        assertThatThrownBy(() -> mapper.readValue("{\"interval\":\"0s\"}", ForeverProps.class))
                .hasStackTraceContaining("forever props: interval must be > 0");
    }
}
