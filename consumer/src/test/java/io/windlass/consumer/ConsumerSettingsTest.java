package io.windlass.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConsumerSettingsTest {

    @Test
    void writeBackoffDoublesUpToTheCap() {
        ConsumerSettings s = ConsumerSettings.defaults();
        assertThat(s.writeBackoff(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(s.writeBackoff(2)).isEqualTo(Duration.ofMillis(200));
        assertThat(s.writeBackoff(5)).isEqualTo(Duration.ofMillis(1600));
        assertThat(s.writeBackoff(1000)).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void claimDelayGrowsWithLoadAndIsCapped() {
        ConsumerSettings s = ConsumerSettings.defaults();
        assertThat(s.claimDelay(0)).isZero();
        assertThat(s.claimDelay(7)).isEqualTo(Duration.ofMillis(7));
        assertThat(s.claimDelay(100_000)).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void rejectsNonPositiveIntervals() {
        ConsumerSettings d = ConsumerSettings.defaults();
        assertThatThrownBy(() -> new ConsumerSettings(Duration.ZERO, d.balanceJitter(), d.shutdownGrace(),
                d.releaseBackoff(), d.claimRetry(), d.claimDelayPerTask(), d.claimDelayMax(), d.writeRetryMin(),
                d.writeRetryMax())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("balanceInterval");
    }

    @Test
    void maxClaimsInFlightDefaultsTo256AndMustBePositive() {
        ConsumerSettings d = ConsumerSettings.defaults();
        assertThat(d.maxClaimsInFlight()).isEqualTo(256);
        assertThat(d.withMaxClaimsInFlight(8).maxClaimsInFlight()).isEqualTo(8);
        assertThatThrownBy(() -> d.withMaxClaimsInFlight(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxClaimsInFlight");
    }
}
