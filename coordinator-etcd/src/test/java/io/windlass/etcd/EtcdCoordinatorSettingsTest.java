package io.windlass.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class EtcdCoordinatorSettingsTest {
    @Test
    void defaultsFollowTheDesign() {
        EtcdCoordinatorSettings d = EtcdCoordinatorSettings.defaults();
        assertThat(d.leaseTtl()).isEqualTo(Duration.ofSeconds(10));
        assertThat(d.batchMaxWrites()).isEqualTo(64);
        assertThat(d.maxBatchesInFlight()).isEqualTo(4);
        assertThat(d.withBatching(1, Duration.ofMillis(1), 8).batchMaxWrites()).isEqualTo(1);
    }

    @Test
    void limitsOfEtcdAreEnforced() {
        EtcdCoordinatorSettings d = EtcdCoordinatorSettings.defaults();
        assertThatThrownBy(() -> d.withBatching(127, Duration.ofMillis(1), 4))
                .hasMessageContaining("max-txn-ops");
        assertThatThrownBy(() -> d.withBatching(0, Duration.ofMillis(1), 4))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withLeaseTtl(Duration.ofMillis(500))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withRequestTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
