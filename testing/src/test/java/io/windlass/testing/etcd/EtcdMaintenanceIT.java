package io.windlass.testing.etcd;

import static io.windlass.testing.etcd.Jetcd.CALL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.etcd.jetcd.Client;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Compaction and the NOSPACE alarm, driven through the extension's HTTP controls. */
class EtcdMaintenanceIT {
    private static final long QUOTA = 1024 * 1024;

    @RegisterExtension
    static final EtcdExtension ETCD = EtcdExtension.builder().quotaBackendBytes(QUOTA).build();

    private static Client client;

    @BeforeAll
    static void connect() {
        client = Jetcd.client(ETCD.endpoints());
    }

    @AfterAll
    static void disconnect() {
        client.close();
    }

    @Test
    void compactionMakesOldRevisionsUnreadable() throws Exception {
        long first = Jetcd.put(client, "maint/key", "v1", CALL);
        Jetcd.put(client, "maint/key", "v2", CALL);
        assertThat(Jetcd.getAt(client, "maint/key", first, CALL)).contains("v1");

        ETCD.compact(ETCD.currentRevision());

        assertThatThrownBy(() -> Jetcd.getAt(client, "maint/key", first, CALL)).hasMessageContaining("compacted");
        assertThat(Jetcd.get(client, "maint/key", CALL)).contains("v2");
        assertThatThrownBy(() -> ETCD.compact(first)).as("compacting an already compacted revision")
                .hasMessageContaining("compacted");
    }

    @Test
    void smallQuotaRaisesNoSpaceAndCompactDefragDisarmRecovers() throws Exception {
        byte[] random = new byte[64 * 1024];
        new Random(42).nextBytes(random);
        String big = Base64.getEncoder().encodeToString(random);
        Exception failure = null;
        for (int i = 0; i < 100 && failure == null; i++) {
            try {
                Jetcd.put(client, "maint/big", big, CALL);
            } catch (Exception e) {
                failure = e;
            }
        }
        assertThat(failure).as("a write fails once the quota is exceeded").isNotNull()
                .hasMessageContaining("database space exceeded");
        assertThat(ETCD.alarms()).containsExactly("NOSPACE@m0");

        ETCD.compact(ETCD.currentRevision());
        ETCD.defragment();
        assertThat(ETCD.disarmAlarms()).isEqualTo(1);

        assertThat(ETCD.alarms()).isEmpty();
        Jetcd.put(client, "maint/after", "ok", CALL);
        assertThat(Jetcd.get(client, "maint/after", CALL)).contains("ok");
        assertThat(ETCD.disarmAlarms()).isZero();
        assertThat(List.of(ETCD.member(0).isRunning())).containsExactly(true);
    }
}
