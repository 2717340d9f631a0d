package io.windlass.systemtests.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.etcd.jetcd.Client;
import io.windlass.etcd.EtcdConnection;
import io.windlass.launcher.EtcdTls;
import io.windlass.launcher.TestCertificates;
import io.windlass.launcher.WorkerProcess;
import io.windlass.testing.etcd.EtcdExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Certificate rotation while tasks run, with worker processes: etcd ({@code --client-cert-auth}) trusts the old and
 * the new client CA; the workers' certificate files are replaced by a pair from the new CA and the workers get SIGHUP
 * — the only trigger: their periodic check is off ({@code --tls-reload-interval 0s}; the periodic check is proven by
 * {@code ReloadingTlsTest} and {@code TlsRotationIT}). Then etcd restarts trusting only the new CA. The old certificate
 * is refused from then on, the same worker processes reconnect with the new one (they could not without the SIGHUP
 * reload), and every task completes with the fencing intact.
 */
@Tag("fault")
class CertificateRotationFaultIT {
    static final Path DIR = SecureEtcd.create("rotation").dir;
    static final TestCertificates OLD = TestCertificates.create(DIR, "old");
    static final TestCertificates NEW = TestCertificates.create(DIR, "new");
    static final Path TRUSTED = bundle(DIR.resolve("trusted-clients.pem"), OLD.caCert(), NEW.caCert());

    @RegisterExtension
    static final EtcdExtension ETCD = EtcdExtension.builder().tls(trusting(TRUSTED, NEW.etcdTls(true))).build();

    @RegisterExtension
    final WorkerFleet workers = new WorkerFleet();

    @Test
    void workersReReadRotatedCertificatesWhileTasksRun() throws Exception {
        TestCertificates.Pair before = OLD.client("worker");
        TestCertificates.Pair after = NEW.client("worker");
        Path cert = replace(before.cert(), DIR.resolve("worker.pem"));
        Path key = replace(before.key(), DIR.resolve("worker-key.pem"));
        Cluster cluster = workers.open(new Cluster(admin(), admin(), "rotate"), ETCD.endpoints(),
                Duration.ofSeconds(8), List.of("--cacert", NEW.caCert().toString(), "--cert", cert.toString(),
                        "--key", key.toString(), "--tls-reload-interval", "0s"),
                "--balance-interval", "10m", "--timeout", "20s");
        List<WorkerProcess> processes = List.of(workers.start("w1"), workers.start("w2"));
        cluster.awaitNodes(Set.of("w1", "w2"), Duration.ofSeconds(90), workers);
        List<String> ids = cluster.submitCounters("r", 20, 40, "500ms");
        cluster.awaitSteps(ids, 2, Duration.ofSeconds(90), workers);

        replace(after.key(), key);
        replace(after.cert(), cert);
        for (WorkerProcess w : processes) {
            Process hup = new ProcessBuilder("kill", "-HUP", Long.toString(w.pid())).inheritIO().start();
            assertThat(hup.waitFor(30, TimeUnit.SECONDS) && hup.exitValue() == 0).as("kill -HUP " + w.pid()).isTrue();
        }
        Files.writeString(TRUSTED, Files.readString(NEW.caCert()));
        ETCD.restart(0); // trusts the new CA only from now on; every worker connection is a new handshake
        long restarted = cluster.probe.revision();

        try (EtcdConnection stale = EtcdConnection.builder(ETCD.endpoints().toArray(String[]::new))
                .caCert(NEW.caCert()).clientCert(before.cert(), before.key()).tlsReloadInterval(Duration.ZERO)
                .connectTimeout(Duration.ofSeconds(10)).build()) {
            Throwable refused = catchThrowable(() -> stale.jetcd().getKVClient()
                    .get(EtcdProbe.bytes("/rotate/")).get(30, TimeUnit.SECONDS));
            assertThat(refused).as("the old certificate is no longer accepted").isNotNull();
        }
        cluster.awaitCodes(ids, Set.of("COMPLETED"), Duration.ofSeconds(180), workers);
        FencingLedger ledger = cluster.ledger();
        ledger.assertHolds();
        ids.forEach(id -> assertThat(ledger.steps(id)).as(id).isEqualTo(40));
        assertThat(processes).as("the same worker processes, never restarted").allMatch(WorkerProcess::isAlive);
        Map<String, Long> writesAfter = ids.stream().flatMap(id -> ledger.history(id).stream())
                .filter(e -> e.revision() > restarted && !e.node().isEmpty())
                .collect(Collectors.groupingBy(StateEntry::node, Collectors.counting()));
        System.out.println("rotation: state writes per node after the restart " + writesAfter);
        assertThat(writesAfter.values().stream().mapToLong(Long::longValue).sum())
                .as("the workers wrote states after etcd refused the old certificate").isPositive();
        Completeness.assertComplete(cluster.probe, cluster.expected, workers.liveNodes());
    }

    /** The test's own clients: any certificate of the new CA will do (no etcd auth in this scenario). */
    private static Client admin() {
        return SecureEtcd.warm(SecureEtcd.root(ETCD.endpoints(), NEW));
    }

    private static EtcdTls trusting(Path trusted, EtcdTls tls) {
        return new EtcdTls(trusted, tls.serverCert(), tls.serverKey(), tls.clientCert(), tls.clientKey(), true);
    }

    private static Path bundle(Path target, Path... cas) {
        try {
            StringBuilder pem = new StringBuilder();
            for (Path ca : cas) {
                pem.append(Files.readString(ca));
            }
            return Files.writeString(target, pem);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Replaces {@code target} atomically, as a deployment tool would (write a sibling, rename it over). */
    private static Path replace(Path source, Path target) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.copy(source, tmp, StandardCopyOption.REPLACE_EXISTING);
        return Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
