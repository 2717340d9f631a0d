package io.windlass.etcd;

import static io.windlass.etcd.EtcdTesting.awaitUntil;
import static io.windlass.etcd.EtcdTesting.props;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.windlass.consumer.client.TaskFilter;
import io.windlass.consumer.spi.ClaimResult;
import io.windlass.launcher.EtcdLauncher;
import io.windlass.launcher.TestCertificates;
import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.WindlassException;
import io.windlass.testing.contract.RecordingListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real etcd with mutual TLS ({@code --client-cert-auth}) and auth on (root, user alice with a role on
 * {@code /sec1/} only), simple tokens living one second ({@code --auth-token-ttl=1}): what a production deployment
 * looks like, and what goes wrong with the wrong CA, password or namespace.
 */
class EtcdSecurityIT {
    private static final String NS = "sec1";
    private static final Duration FAST = Duration.ofSeconds(5);

    @TempDir
    static Path dir;
    static TestCertificates certs;
    static EtcdLauncher etcd;

    @BeforeAll
    static void startSecuredEtcd() {
        certs = TestCertificates.create(dir);
        etcd = EtcdLauncher.configure().tls(certs.etcdTls(true))
                .extraArgs("--auth-token-ttl=1", "--log-level=info").build().start();
        etcd.enableAuth("rootpw");
        etcd.addUser("alice", "alicepw");
        etcd.grantPrefix("alice", "windlass-" + NS, "/" + NS + "/");
    }

    @AfterAll
    static void stop() {
        if (etcd != null) {
            etcd.close();
        }
    }

    private static EtcdConnection.Builder mtls() {
        return EtcdConnection.builder(etcd.endpoints().toArray(String[]::new)).caCert(certs.caCert())
                .clientCert(certs.rootClient().cert(), certs.rootClient().key()).connectTimeout(FAST);
    }

    private static EtcdConnection alice() throws IOException {
        Path password = Files.writeString(dir.resolve("alice.password"), "alicepw\n");
        return mtls().user("alice").passwordFile(password).build();
    }

    private static EtcdCoordinatorSettings settings() {
        return EtcdTesting.settings().withEndpoint(etcd.endpoints().get(0));
    }

    @Test
    void mutualTlsWithAPasswordRunsItsNamespace() throws Exception {
        try (EtcdConnection c = alice();
             EtcdTaskClient client = EtcdTaskClient.create(c, NS, settings());
             EtcdCoordinator node = EtcdCoordinator.create(c, NS, settings())) {
            client.submit("mtls-1", "contract", props("mtls-1"));
            RecordingListener events = new RecordingListener();
            node.start("n-mtls", events);
            awaitUntil("offered", () -> events.offered().contains("mtls-1"));
            assertThat(EtcdTesting.await(node.claim("mtls-1"))).isInstanceOf(ClaimResult.Claimed.class);
            assertThat(client.list(new TaskFilter(null, "n-mtls", null, 10))).hasSize(1);
        }
    }

    @Test
    void anotherNamespaceIsRefusedAtStartWithinSecondsNamingPrefixAndUser() throws Exception {
        try (EtcdConnection c = alice();
             EtcdCoordinator node = EtcdCoordinator.create(c, "sec2", settings());
             EtcdTaskClient client = EtcdTaskClient.create(c, "sec2", settings())) {
            long start = System.nanoTime();
            WindlassException e = catchThrowableOfType(() -> node.start("n-denied", new RecordingListener()),
                    WindlassException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(FAST);
            assertThat(e.code()).isEqualTo(ErrorCode.PERMISSION_DENIED);
            assertThat(e.retryable()).isFalse();
            assertThat(e.getMessage()).contains("/sec2/", "user 'alice'", "permission denied",
                    "windlass etcd-role --namespace sec2 --user alice");
            WindlassException submit = catchThrowableOfType(() -> client.submit("x", "contract", props("x")),
                    WindlassException.class);
            assertThat(submit.code()).isEqualTo(ErrorCode.PERMISSION_DENIED);
        }
    }

    @Test
    void theClientCertificatesCnIsTheUserWhenNoPasswordIsGiven() {
        TestCertificates.Pair aliceCert = certs.client("alice");
        EtcdConnection.Builder byCert = EtcdConnection.builder(etcd.endpoints().toArray(String[]::new))
                .caCert(certs.caCert()).clientCert(aliceCert.cert(), aliceCert.key());
        try (EtcdConnection c = byCert.build();
             EtcdTaskClient mine = EtcdTaskClient.create(c, NS, settings());
             EtcdTaskClient other = EtcdTaskClient.create(c, "sec2", settings())) {
            assertThat(c.identity()).hasValue("alice (client certificate CN)");
            mine.submit("cn-1", "contract", props("cn-1"));
            WindlassException e = catchThrowableOfType(() -> other.submit("cn-1", "contract", props("cn-1")),
                    WindlassException.class);
            assertThat(e.code()).isEqualTo(ErrorCode.PERMISSION_DENIED);
            assertThat(e.getMessage()).contains("/sec2/", "alice (client certificate CN)");
        }
    }

    @Test
    void aWrongPasswordIsUnauthenticatedAndNotRetried() {
        try (EtcdConnection c = mtls().user("alice").password("wrong").build();
             EtcdTaskClient client = EtcdTaskClient.create(c, NS, settings())) {
            long start = System.nanoTime();
            WindlassException e = catchThrowableOfType(() -> client.get("nothing"), WindlassException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(FAST);
            assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHENTICATED);
            assertThat(e.getMessage()).contains("user 'alice'", "/sec1/");
        }
    }

    @Test
    void aServerCertificateFromAnotherCaIsAClearErrorNotAHang() {
        TestCertificates other = TestCertificates.create(dir, "other");
        try (EtcdConnection c = EtcdConnection.builder(etcd.endpoints().toArray(String[]::new))
                .caCert(other.caCert()).clientCert(other.rootClient().cert(), other.rootClient().key())
                .connectTimeout(FAST).build();
             EtcdTaskClient client = EtcdTaskClient.create(c, NS, settings())) {
            long start = System.nanoTime();
            WindlassException e = catchThrowableOfType(() -> client.get("nothing"), WindlassException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
            assertThat(e.getMessage()).contains("TLS", "certificate");
        }
    }

    @Test
    void expiredTokensAndAuthStoreChangesAreRefreshedTransparently() throws Exception {
        try (EtcdConnection c = alice();
             EtcdTaskClient client = EtcdTaskClient.create(c, NS, settings());
             EtcdCoordinator node = EtcdCoordinator.create(c, NS, settings())) {
            RecordingListener events = new RecordingListener();
            node.start("n-tokens", events);
            client.submit("tok-1", "contract", props("tok-1"));
            awaitUntil("tok-1 offered", () -> events.offered().contains("tok-1"));
            // etcd drops alice's token after 1 s without a request that carries it; the log says when
            int before = tokensDeleted();
            awaitUntil("etcd deleted a token of alice", Duration.ofSeconds(20), () -> tokensDeleted() > before);
            assertThat(EtcdTesting.await(node.claim("tok-1"))).isInstanceOf(ClaimResult.Claimed.class);
            client.submit("tok-2", "contract", props("tok-2"));
            // a changed auth store makes every token "old": the next calls re-authenticate
            etcd.addUser("bob", "bobpw");
            client.submit("tok-3", "contract", props("tok-3"));
            awaitUntil("tok-3 offered", () -> events.offered().contains("tok-3"));
            assertThat(EtcdTesting.await(node.claim("tok-3"))).isInstanceOf(ClaimResult.Claimed.class);
        }
    }

    @Test
    void httpsWithoutTrustIsRefusedBeforeConnecting() {
        WindlassException e = catchThrowableOfType(
                () -> EtcdConnection.builder(etcd.endpoints().toArray(String[]::new)).build(),
                WindlassException.class);
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(e.getMessage()).contains("https", "--cacert");
    }

    /** How many "deleted a simple token" lines etcd logged for alice. */
    private static int tokensDeleted() {
        Path log = etcd.member(0).dataDir().getParent().resolve("etcd.log");
        try {
            return (int) Files.readAllLines(log).stream()
                    .filter(l -> l.contains("deleted a simple token") && l.contains("\"alice\"")).count();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
