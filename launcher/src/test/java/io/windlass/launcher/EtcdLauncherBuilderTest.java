package io.windlass.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.WindlassException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Builder validation and the missing-binary message; no etcd process is started here. */
class EtcdLauncherBuilderTest {
    @Test
    void missingEtcdBinaryFailsWithTheInstallCommand() {
        assertThatThrownBy(() -> EtcdCluster.findBinary("/nonexistent/bin:/also/missing"))
                .isInstanceOf(WindlassException.class)
                .hasMessageContaining("apt-get install -y etcd-server");
        assertThatThrownBy(() -> EtcdCluster.findBinary(null)).hasMessageContaining("apt-get install -y etcd-server");
    }

    @Test
    void findsEtcdOnThePath() {
        assertThat(EtcdCluster.findBinary("/nonexistent:/usr/bin:/bin")).endsWith("/etcd");
    }

    @Test
    void rejectsAbsurdSettings() {
        assertThatThrownBy(() -> EtcdLauncher.configure().members(0).build())
                .isInstanceOfSatisfying(WindlassException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
        assertThatThrownBy(() -> EtcdLauncher.configure().members(8).build()).hasMessageContaining("members");
        assertThatThrownBy(() -> EtcdLauncher.configure().quotaBackendBytes(-1).build()).hasMessageContaining("quota");
        assertThatThrownBy(() -> EtcdLauncher.configure().startTimeout(Duration.ZERO).build())
                .hasMessageContaining("startTimeout");
    }

    @Test
    void unstartedExtensionExplainsHowToRegisterIt() {
        EtcdLauncher etcd = EtcdLauncher.configure().members(3).extraArgs("--max-txn-ops=256").build();
        assertThat(etcd.isStarted()).isFalse();
        assertThatThrownBy(etcd::endpoints).hasMessageContaining("@RegisterExtension");
        assertThat(etcd.startedPids()).isEmpty();
        etcd.close(); // closing an unstarted extension is harmless
    }

    @Test
    void reservedPortsAreDistinctInRangeAndNotHandedOutTwice() {
        try (FreePorts first = FreePorts.reserve(6); FreePorts second = FreePorts.reserve(6)) {
            List<Integer> all = new ArrayList<>();
            Arrays.stream(first.ports()).forEach(all::add);
            Arrays.stream(second.ports()).forEach(all::add);
            assertThat(all).hasSize(12).doesNotHaveDuplicates()
                    .allSatisfy(port -> assertThat(port).isBetween(FreePorts.LOW, FreePorts.HIGH));
        }
    }
}
