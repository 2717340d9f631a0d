package io.windlass.etcd;

import static io.windlass.etcd.EtcdTesting.awaitUntil;
import static io.windlass.etcd.EtcdTesting.props;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.windlass.consumer.client.TaskView;
import io.windlass.consumer.spi.ClaimResult;
import io.windlass.launcher.EtcdLauncher;
import io.windlass.launcher.EtcdTls;
import io.windlass.launcher.TestCertificates;
import io.windlass.statemachine.WindlassException;
import io.windlass.testing.contract.RecordingListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rotating the client certificate of a running coordinator on a real etcd with {@code --client-cert-auth}: etcd first
 * trusts the old and the new client CA, the certificate files are replaced by a pair from the new CA, then etcd is
 * restarted trusting only the new CA — the old certificate is refused from then on, and the same connection (never
 * rebuilt) reconnects with the new one, keeps its claims and claims new tasks.
 */
class TlsRotationIT {
    private static final String NS = "rot";
    private static final Duration GENEROUS = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    private EtcdLauncher etcd;

    @AfterEach
    void stop() {
        if (etcd != null) {
            etcd.close();
        }
    }

    @Test
    void aRotatedClientCertificateIsUsedAfterTheOldOneIsNoLongerAccepted() throws Exception {
        TestCertificates old = TestCertificates.create(dir, "old");
        TestCertificates fresh = TestCertificates.create(dir, "new");
        Path trusted = dir.resolve("trusted-clients.pem");
        Files.writeString(trusted, Files.readString(old.caCert()) + Files.readString(fresh.caCert()));
        EtcdTls tls = fresh.etcdTls(true);
        etcd = EtcdLauncher.configure().tls(new EtcdTls(trusted, tls.serverCert(), tls.serverKey(),
                tls.clientCert(), tls.clientKey(), true)).build().start();
        TestCertificates.Pair before = old.client("worker");
        TestCertificates.Pair after = fresh.client("worker");
        Path cert = dir.resolve("client.pem");
        Path key = dir.resolve("client-key.pem");
        replace(before.cert(), cert);
        replace(before.key(), key);
        EtcdCoordinatorSettings settings = EtcdTesting.settings().withEndpoint(etcd.endpoints().get(0))
                .withLeaseTtl(Duration.ofSeconds(10));

        try (EtcdConnection c = builder(fresh.caCert(), cert, key).tlsReloadInterval(Duration.ofMillis(200)).build();
             EtcdTaskClient client = EtcdTaskClient.create(c, NS, settings);
             EtcdCoordinator node = EtcdCoordinator.create(c, NS, settings)) {
            RecordingListener events = new RecordingListener();
            node.start("n-rot", events);
            client.submit("rot-1", "contract", props("rot-1"));
            awaitUntil("rot-1 offered", () -> events.offered().contains("rot-1"));
            assertThat(EtcdTesting.await(node.claim("rot-1"))).isInstanceOf(ClaimResult.Claimed.class);
            long fence = client.get("rot-1").map(TaskView::fence).orElseThrow();

            replace(after.key(), key); // as a deployment tool would: one file after the other
            replace(after.cert(), cert);
            Files.writeString(trusted, Files.readString(fresh.caCert()));
            etcd.restart(0); // etcd now accepts client certificates of the new CA only; every connection is new

            try (EtcdConnection stale = builder(fresh.caCert(), before.cert(), before.key()).build();
                 EtcdTaskClient staleClient = EtcdTaskClient.create(stale, NS, settings)) {
                WindlassException refused = catchThrowableOfType(() -> staleClient.get("rot-1"),
                        WindlassException.class);
                assertThat(refused).as("the old certificate is no longer accepted").isNotNull();
            }
            awaitUntil("the rotated connection submits again", GENEROUS, () -> submits(client, "rot-2"));
            awaitUntil("rot-2 offered", GENEROUS, () -> events.offered().contains("rot-2"));
            assertThat(EtcdTesting.await(node.claim("rot-2"))).isInstanceOf(ClaimResult.Claimed.class);
            TaskView kept = client.get("rot-1").orElseThrow();
            assertThat(kept.owner()).as("the claim made before the rotation is kept").isEqualTo("n-rot");
            assertThat(kept.fence()).isEqualTo(fence);
            assertThat(events.lost()).as("no claim lost over the rotation").isEmpty();
        }
    }

    private EtcdConnection.Builder builder(Path ca, Path cert, Path key) {
        return EtcdConnection.builder(etcd.endpoints().toArray(String[]::new)).caCert(ca).clientCert(cert, key)
                .connectTimeout(Duration.ofSeconds(5));
    }

    private static boolean submits(EtcdTaskClient client, String id) {
        try {
            client.submit(id, "contract", props(id));
            return true;
        } catch (WindlassException e) {
            return false;
        }
    }

    /** Replaces {@code target} atomically (write a sibling, then rename over it). */
    private static void replace(Path source, Path target) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.copy(source, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
