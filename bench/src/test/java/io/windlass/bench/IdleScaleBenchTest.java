package io.windlass.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IdleScaleBenchTest {
    @Test
    void theHeapBeyondOwnDataFallsBackToTheWholeHeapPerTaskWhenTheSampleIsUnusable() {
        assertThat(IdleScaleBench.beyondOwnData(1_044, 294)).isEqualTo(750);
        // a sample larger than the whole (measured at 1,000,000 tasks: 1,972 vs 1,066 B) gives nothing away
        assertThat(IdleScaleBench.beyondOwnData(1_066, 1_972)).isEqualTo(1_066);
        assertThat(IdleScaleBench.beyondOwnData(1_066, Double.NaN)).isEqualTo(1_066);
    }
}
