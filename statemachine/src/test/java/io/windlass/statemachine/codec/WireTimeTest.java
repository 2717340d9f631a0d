package io.windlass.statemachine.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link WireTime#parse} returns and throws exactly what {@link Instant#parse} does, for every kind of input. */
class WireTimeTest {
    @Test
    void canonicalFormsOfRandomInstantsParseBackExactly() {
        Random random = new Random(42);
        long from = Instant.parse("1900-01-01T00:00:00Z").getEpochSecond();
        long to = Instant.parse("2300-01-01T00:00:00Z").getEpochSecond();
        for (int i = 0; i < 100_000; i++) {
            long second = from + (long) (random.nextDouble() * (to - from));
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant t = Instant.ofEpochSecond(second, nanos);
            assertThat(WireTime.parse(t.toString())).as(t.toString()).isEqualTo(t);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024-02-29T23:59:59.999999999Z", "2000-02-29T00:00:00Z", "1970-01-01T00:00:00Z",
        "1969-12-31T23:59:59.1Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "2026-11-28T17:30:00.5Z",
        "2026-11-28T17:30:00.050Z", "2026-11-28T23:59:60Z", "2026-11-28T17:30:00+01:00", "2026-11-28T17:30:00.123+00:00",
        "+12026-11-28T17:30:00Z", "2026-01-31T00:00:00Z", "2026-04-30T00:00:00Z", "2026-11-28t17:30:00Z",
        "2026-11-28T17:30:00z", "2026-11-28T24:00:00Z", "2026-11-28T17:30:00.Z"})
    void sameResultAsInstantParse(String text) {
        assertThat(WireTime.parse(text)).isEqualTo(Instant.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "2026", "2026-11-28", "2026-11-28T17:30:00", "2026-11-28T17:30Z",
        "2026-13-01T00:00:00Z", "2026-00-10T00:00:00Z", "2026-02-29T00:00:00Z",
        "2100-02-29T00:00:00Z", "2026-04-31T00:00:00Z", "2026-11-00T00:00:00Z", "2026-11-28T24:00:01Z",
        "2026-11-28T17:60:00Z", "2026-11-28T17:30:61Z", "2026-11-28T17:30:00.1234567890Z",
        "2026-11-28T17:30:00,5Z", "2026-11-28T17:30:0aZ", "-026-11-28T17:30:00Z", " 2026-11-28T17:30:00Z",
        "2026-11-28T17:30:00Z ", "2026-11-28T17:30:00.12a4Z", "2026/11/28T17:30:00Z"})
    void rejectsWhatInstantParseRejects(String text) {
        assertThatThrownBy(() -> Instant.parse(text)).isInstanceOf(DateTimeParseException.class);
        assertThatThrownBy(() -> WireTime.parse(text)).isInstanceOf(DateTimeParseException.class);
    }

    @Test
    void nullIsAnError() {
        assertThatThrownBy(() -> WireTime.parse(null)).isInstanceOf(NullPointerException.class);
    }
}
