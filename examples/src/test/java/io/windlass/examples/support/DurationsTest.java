package io.windlass.examples.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {
    @Test
    void parsesShortAndIsoForms() {
        assertThat(Durations.parse("20s")).isEqualTo(Duration.ofSeconds(20));
        assertThat(Durations.parse("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(Durations.parse("150ms")).isEqualTo(Duration.ofMillis(150));
        assertThat(Durations.parse("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(Durations.parse("0")).isEqualTo(Duration.ZERO);
        assertThat(Durations.parse("PT1M30S")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Durations.parse("pt3s")).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void rejectsGarbageAndNegativesClearly() {
        assertThatThrownBy(() -> Durations.parse("soon")).hasMessageContaining("invalid duration 'soon'");
        assertThatThrownBy(() -> Durations.parse("-5s")).hasMessageContaining("invalid duration");
        assertThatThrownBy(() -> Durations.parse("PT-5S")).hasMessageContaining("must not be negative");
    }

    @Test
    void formatsCompactly() {
        assertThat(Durations.format(Duration.ofSeconds(3723))).isEqualTo("1h2m3s");
        assertThat(Durations.format(Duration.ofMillis(250))).isEqualTo("250ms");
        assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1.500s");
    }
}
