package io.windlass.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.windlass.statemachine.WindlassException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** etcd over TLS and mutual TLS with generated certificates, and auth turned on through the JSON gateway. */
class EtcdTlsIT {
    @TempDir
    Path certs;

    @Test
    void mutualTlsMemberIsHealthyAndAnswersTheLaunchersCalls() throws Exception {
        TestCertificates ca = TestCertificates.create(certs);
        try (EtcdLauncher etcd = EtcdLauncher.configure().tls(ca.etcdTls(true)).build().start()) {
            assertThat(etcd.endpoints()).singleElement().asString().startsWith("https://127.0.0.1:");
            assertThat(etcd.currentRevision()).isPositive();
            assertThat(etcd.alarms()).isEmpty();
            // a client without a certificate is refused by --client-cert-auth; with one it works (etcdctl as witness)
            assertThat(etcdctl(etcd, ca, ca.rootClient(), "put", "/a", "1")).isZero();
            assertThat(etcdctl(etcd, ca, null, "put", "/a", "2")).isNotZero();
        }
    }

    @Test
    void authEnabledLauncherStillCompactsAndUsersGetTheirPrefix() throws Exception {
        TestCertificates ca = TestCertificates.create(certs);
        try (EtcdLauncher etcd = EtcdLauncher.configure().tls(ca.etcdTls(false)).build().start()) {
            etcd.enableAuth("rootpw");
            etcd.addUser("alice", "alicepw");
            etcd.grantPrefix("alice", "windlass-ns1", "/ns1/");
            long revision = etcd.currentRevision(); // as root now
            etcd.compact(revision);
            assertThat(etcdctl(etcd, ca, null, "--user", "alice:alicepw", "put", "/ns1/x", "1")).isZero();
            assertThat(etcdctl(etcd, ca, null, "--user", "alice:alicepw", "put", "/ns2/x", "1")).isNotZero();
            assertThat(etcdctl(etcd, ca, null, "put", "/ns1/y", "1")).isNotZero(); // no user: refused
        }
    }

    @Test
    void aServerCertificateFromAnotherCaIsNotTrustedByTheLauncher() {
        TestCertificates ours = TestCertificates.create(certs, "ours");
        TestCertificates theirs = TestCertificates.create(certs, "theirs");
        EtcdTls mixed = new EtcdTls(ours.caCert(), theirs.server().cert(), theirs.server().key(),
                ours.rootClient().cert(), ours.rootClient().key(), false);
        try (EtcdLauncher etcd = EtcdLauncher.configure().tls(mixed).startTimeout(java.time.Duration.ofSeconds(3))
                .build()) {
            assertThatThrownBy(etcd::start).isInstanceOf(WindlassException.class).hasMessageContaining("not healthy");
        }
    }

    private static int etcdctl(EtcdLauncher etcd, TestCertificates ca, TestCertificates.Pair client, String... args)
            throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("etcdctl", "--endpoints", etcd.endpoints().get(0),
                "--cacert", ca.caCert().toString(), "--dial-timeout", "3s", "--command-timeout", "3s"));
        if (client != null) {
            command.addAll(List.of("--cert", client.cert().toString(), "--key", client.key().toString()));
        }
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(Files.createTempFile(ca.caCert().getParent(), "etcdctl", ".out").toFile());
        pb.environment().put("ETCDCTL_API", "3");
        Process p = pb.start();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        return p.exitValue();
    }
}
