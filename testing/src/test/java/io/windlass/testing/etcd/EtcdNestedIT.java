package io.windlass.testing.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A class-scoped extension is shared with {@code @Nested} classes and stopped only by the class that started it. */
class EtcdNestedIT {
    @RegisterExtension
    static final EtcdExtension ETCD = EtcdExtension.builder().build();

    private static List<String> outerEndpoints;

    @Test
    void outer() {
        outerEndpoints = ETCD.endpoints();
        assertThat(ETCD.member(0).isRunning()).isTrue();
    }

    @Nested
    class Inner {
        @Test
        void seesTheSameRunningEtcd() {
            assertThat(ETCD.isStarted()).isTrue();
            assertThat(ETCD.member(0).isRunning()).isTrue();
            if (outerEndpoints != null) {
                assertThat(ETCD.endpoints()).isEqualTo(outerEndpoints);
            }
            assertThat(ETCD.startedPids()).hasSize(1);
        }
    }
}
