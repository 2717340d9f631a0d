package io.windlass.testing.etcd;

import io.windlass.launcher.EtcdMember;
import static io.windlass.testing.etcd.Jetcd.CALL;
import static org.assertj.core.api.Assertions.assertThat;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.options.GetOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A fresh 3-member cluster per test (instance registration); no etcd process survives a test. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EtcdClusterIT {
    private static final Set<Long> PIDS_OF_EARLIER_TESTS = ConcurrentHashMap.newKeySet();
    private static final Set<Path> DATA_DIRS_OF_EARLIER_TESTS = ConcurrentHashMap.newKeySet();

    @RegisterExtension
    final EtcdExtension etcd = EtcdExtension.builder().members(3).build();

    @Test
    @Order(1)
    void clusterKeepsWritingWhenTheLeaderIsKilledAndTheMemberCatchesUpAfterRestart() throws Exception {
        assertThat(etcd.endpoints()).hasSize(3).doesNotHaveDuplicates();
        try (Client client = Jetcd.client(etcd.endpoints())) {
            Jetcd.put(client, "cluster/before", "1", CALL);
            int leader = etcd.awaitLeader(CALL);
            EtcdMember killed = etcd.member(leader);

            killed.kill();
            assertThat(killed.isRunning()).isFalse();
            Jetcd.retry(Duration.ofSeconds(15), () -> Jetcd.put(client, "cluster/after", "2", Duration.ofSeconds(2)));
            assertThat(etcd.awaitLeader(CALL)).isNotEqualTo(leader);
            assertThat(Jetcd.get(client, "cluster/before", CALL)).contains("1");

            killed.restart();
            try (Client direct = Jetcd.client(List.of(killed.clientUrl()))) {
                GetOption local = GetOption.builder().withSerializable(true).build();
                Jetcd.awaitTrue("restarted member has caught up", CALL, () -> {
                    try {
                        return !Jetcd.await(direct.getKVClient().get(Jetcd.bytes("cluster/after"), local),
                                Duration.ofSeconds(2)).getKvs().isEmpty();
                    } catch (Exception e) {
                        return false;
                    }
                });
            }
        }
        remember();
    }

    @Test
    @Order(2)
    void eachTestGetsItsOwnClusterAndTheEarlierOneIsGone() {
        assertThat(PIDS_OF_EARLIER_TESTS).isNotEmpty().allSatisfy(pid -> assertThat(isAlive(pid)).isFalse());
        assertThat(DATA_DIRS_OF_EARLIER_TESTS).isNotEmpty().allSatisfy(dir -> assertThat(dir).doesNotExist());
        assertThat(etcd.members()).allSatisfy(member -> assertThat(member.dataDir()).isDirectory());
        assertThat(etcd.members()).allSatisfy(member -> assertThat(member.isRunning()).isTrue());
        remember();
    }

    @AfterAll
    static void noEtcdStartedHereIsLeftRunning() {
        List<Long> alive = new ArrayList<>();
        for (long pid : PIDS_OF_EARLIER_TESTS) {
            if (isAlive(pid)) {
                alive.add(pid);
            }
        }
        assertThat(alive).as("etcd pids still alive after their test").isEmpty();
    }

    private void remember() {
        PIDS_OF_EARLIER_TESTS.addAll(etcd.startedPids());
        etcd.members().forEach(member -> DATA_DIRS_OF_EARLIER_TESTS.add(member.dataDir()));
    }

    /** True if {@code pid} is a live process; a zombie (dead, not yet reaped) counts as dead. */
    static boolean isAlive(long pid) {
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc", Long.toString(pid), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
