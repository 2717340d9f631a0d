package io.windlass.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import io.windlass.cli.support.EtcdSecurity;
import io.windlass.cli.support.Json;
import io.windlass.cli.worker.Worker;
import io.windlass.launcher.EtcdLauncher;
import io.windlass.launcher.TestCertificates;
import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.WindlassException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worker and the CLI against production-like etcds: one with server TLS only, one with mutual TLS and auth on
 * (root, alice with the role of namespace {@code sec}). Flags as etcdctl takes them.
 */
class SecureCliIT {
    private static final Duration FAST = Duration.ofSeconds(5);

    @TempDir
    static Path dir;
    static TestCertificates certs;
    static EtcdLauncher tls;
    static EtcdLauncher mtlsAuth;
    static Path alicePassword;
    static Path rootPassword;

    @BeforeAll
    static void startEtcds() throws Exception {
        certs = TestCertificates.create(dir);
        tls = EtcdLauncher.configure().tls(certs.etcdTls(false)).build().start();
        mtlsAuth = EtcdLauncher.configure().tls(certs.etcdTls(true)).extraArgs("--auth-token-ttl=2").build().start();
        mtlsAuth.enableAuth("rootpw");
        mtlsAuth.addUser("alice", "alicepw");
        mtlsAuth.addUser("bob", "bobpw");
        mtlsAuth.grantPrefix("alice", "windlass-sec", "/sec/");
        alicePassword = Files.writeString(dir.resolve("alice.pw"), "alicepw\n");
        rootPassword = Files.writeString(dir.resolve("root.pw"), "rootpw");
    }

    @AfterAll
    static void stopEtcds() {
        for (EtcdLauncher e : new EtcdLauncher[] {tls, mtlsAuth}) {
            if (e != null) {
                e.close();
            }
        }
    }

    private static List<String> mtlsFlags(String user, Path passwordFile) {
        List<String> flags = new ArrayList<>(List.of("--etcd", mtlsAuth.endpoints().get(0),
                "--cacert", certs.caCert().toString(), "--cert", certs.rootClient().cert().toString(),
                "--key", certs.rootClient().key().toString()));
        if (user != null) {
            flags.addAll(List.of("--user", user, "--password-file", passwordFile.toString()));
        }
        return flags;
    }

    private static CliRun run(List<String> flags, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(flags);
        return CliRun.run(EtcdStoreConnection.FACTORY, all.toArray(String[]::new));
    }

    private static Worker worker(String etcd, String namespace, String node, EtcdSecurity security) {
        return Worker.start(new Worker.Settings(etcd, namespace, node, Duration.ofSeconds(3), Duration.ofSeconds(30),
                FAST, FAST, security));
    }

    private static void awaitCompleted(List<String> flags, String id) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            CliRun r = run(flags, "show", id, "--json");
            assertThat(r.exit()).as(r.toString()).isZero();
            JsonNode task = Json.parse("show", r.out());
            if (task.path("state").asText().equals("COMPLETED")) {
                return;
            }
            assertThat(System.nanoTime() - deadline).as("%s not COMPLETED in time: %s", id, task).isNegative();
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
    }

    @Test
    void workerAndCliOverServerVerifiedTls() {
        List<String> flags = List.of("--etcd", tls.endpoints().get(0), "--cacert", certs.caCert().toString(),
                "--namespace", "tls");
        Worker w = worker(tls.endpoints().get(0), "tls", "w-tls", EtcdSecurity.of(certs.caCert().toString(), null,
                null, null, null, null, null, false));
        try {
            CliRun submit = run(flags, "submit", "--id", "c1", "--type", "counter", "--props",
                    "{\"steps\":3,\"interval\":\"0\"}");
            assertThat(submit.exit()).as(submit.toString()).isZero();
            awaitCompleted(flags, "c1");
        } finally {
            w.stop();
        }
        CliRun noCa = run(List.of("--etcd", tls.endpoints().get(0)), "list");
        assertThat(noCa.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(noCa.err()).contains("is https but no CA", "--cacert");
    }

    @Test
    void workerAndCliOverMutualTlsWithPasswordAuthAndShortTokens() {
        List<String> flags = new ArrayList<>(mtlsFlags("alice", alicePassword));
        flags.addAll(List.of("--namespace", "sec"));
        Worker w = worker(mtlsAuth.endpoints().get(0), "sec", "w-sec", EtcdSecurity.of(certs.caCert().toString(),
                certs.rootClient().cert().toString(), certs.rootClient().key().toString(), null, "alice",
                alicePassword.toString(), null, false));
        try {
            for (String id : List.of("m1", "m2")) {
                CliRun submit = run(flags, "submit", "--id", id, "--type", "counter", "--props",
                        "{\"steps\":2,\"interval\":\"3s\"}"); // 3 s sleeps: tokens (TTL 2 s) expire between steps
                assertThat(submit.exit()).as(submit.toString()).isZero();
            }
            awaitCompleted(flags, "m1");
            awaitCompleted(flags, "m2");
        } finally {
            w.stop();
        }
    }

    @Test
    void aWorkerOutsideItsRoleFailsAtStartWithinSecondsAndTheCliExitsFive() {
        EtcdSecurity alice = EtcdSecurity.of(certs.caCert().toString(), certs.rootClient().cert().toString(),
                certs.rootClient().key().toString(), null, "alice", alicePassword.toString(), null, false);
        long start = System.nanoTime();
        WindlassException e = catchThrowableOfType(() -> worker(mtlsAuth.endpoints().get(0), "other", "w-x", alice),
                WindlassException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(e.code()).isEqualTo(ErrorCode.PERMISSION_DENIED);
        assertThat(e.getMessage()).contains("/other/", "alice");

        List<String> flags = new ArrayList<>(mtlsFlags("alice", alicePassword));
        flags.addAll(List.of("--namespace", "other"));
        CliRun list = run(flags, "list");
        assertThat(list.exit()).as(list.toString()).isEqualTo(ExitCodes.DENIED);
        assertThat(list.err()).contains("PERMISSION_DENIED", "/other/", "user 'alice'");

        CliRun wrong = run(mtlsFlags(null, null), "list", "--user", "alice:nope");
        assertThat(wrong.exit()).as(wrong.toString()).isEqualTo(ExitCodes.DENIED);
        assertThat(wrong.err()).contains("UNAUTHENTICATED", "alice");
    }

    @Test
    void etcdRoleAppliedByRootLetsBobRunHisNamespace() {
        List<String> admin = List.of("--etcd", mtlsAuth.endpoints().get(0), "--cacert", certs.caCert().toString(),
                "--cert", certs.rootClient().cert().toString(), "--key", certs.rootClient().key().toString(),
                "--admin-user", "root", "--admin-password-file", rootPassword.toString());
        CliRun printed = CliRun.run(EtcdStoreConnection.FACTORY, "etcd-role", "--namespace", "bobs", "--user", "bob");
        assertThat(printed.exit()).as(printed.toString()).isZero();
        assertThat(printed.out()).contains("readwrite on [/bobs/, /bobs0)",
                "etcdctl role grant-permission windlass-bobs readwrite /bobs/ --prefix=true",
                "etcdctl user grant-role bob windlass-bobs");

        List<String> apply = new ArrayList<>(List.of("etcd-role", "--namespace", "bobs", "--user", "bob", "--apply"));
        apply.addAll(admin);
        CliRun applied = CliRun.run(EtcdStoreConnection.FACTORY, apply.toArray(String[]::new));
        assertThat(applied.exit()).as(applied.toString()).isZero();

        List<String> bob = new ArrayList<>(mtlsFlags(null, null));
        bob.addAll(List.of("--user", "bob:bobpw", "--namespace", "bobs"));
        CliRun submit = run(bob, "submit", "--id", "b1", "--type", "counter", "--props",
                "{\"steps\":2,\"interval\":\"0\"}");
        assertThat(submit.exit()).as(submit.toString()).isZero();
        Worker w = worker(mtlsAuth.endpoints().get(0), "bobs", "w-bob", EtcdSecurity.of(certs.caCert().toString(),
                certs.rootClient().cert().toString(), certs.rootClient().key().toString(), null, "bob:bobpw", null,
                null, false));
        try {
            awaitCompleted(bob, "b1");
        } finally {
            w.stop();
        }
    }

    @Test
    void aWrongCaIsAClearTlsError() {
        TestCertificates other = TestCertificates.create(dir, "other");
        CliRun r = run(List.of("--etcd", tls.endpoints().get(0), "--cacert", other.caCert().toString(),
                "--timeout", "15s"), "list"); // the handshake's failure ends the call; the timeout only bounds a slow start
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(r.err()).contains("TLS handshake", "--cacert");
    }
}
