package io.windlass.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import io.windlass.launcher.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Re-reading rotated TLS files (no etcd): what a handshake gets before, during and after a rotation. */
class ReloadingTlsTest {
    @TempDir
    static Path dir;
    static TestCertificates first;
    static TestCertificates second;

    @BeforeAll
    static void certificates() {
        first = TestCertificates.create(dir, "first");
        second = TestCertificates.create(dir, "second");
    }

    private static Path copy(Path from, String to) throws Exception {
        return Files.copy(from, dir.resolve(to), StandardCopyOption.REPLACE_EXISTING);
    }

    private static String presented(ReloadingKeyManager km) {
        String alias = km.chooseEngineClientAlias(new String[] {"EC", "RSA"}, null, null);
        X509Certificate[] chain = km.getCertificateChain(alias);
        assertThat(km.getPrivateKey(alias)).isNotNull();
        return chain[0].getSubjectX500Principal().getName();
    }

    @Test
    void aRotatedPairIsPresentedByTheNextHandshakeAndTheCaBundleIsReRead() throws Exception {
        Path ca = copy(first.caCert(), "t1-ca.pem");
        TestCertificates.Pair one = first.client("one");
        Path cert = copy(one.cert(), "t1-client.pem");
        Path key = copy(one.key(), "t1-client-key.pem");
        ReloadingTls tls = new ReloadingTls(ca, cert, key);
        ReloadingKeyManager km = new ReloadingKeyManager(tls);
        ReloadingTrustManager tm = new ReloadingTrustManager(tls);
        assertThat(presented(km)).isEqualTo("CN=one");
        assertThat(tls.reload()).as("unchanged files").isFalse();
        String aliasBefore = km.chooseEngineClientAlias(new String[] {"EC"}, null, null);

        TestCertificates.Pair two = second.client("two");
        copy(two.cert(), "t1-client.pem");
        copy(two.key(), "t1-client-key.pem");
        Files.writeString(ca, Files.readString(first.caCert()) + Files.readString(second.caCert()));
        assertThat(tls.reload()).isTrue();
        assertThat(presented(km)).isEqualTo("CN=two");
        assertThat(tm.getAcceptedIssuers()).hasSize(2);
        assertThat(km.getCertificateChain(aliasBefore)[0].getSubjectX500Principal().getName())
                .as("a handshake that chose its alias before the reload still gets a matching pair").isEqualTo("CN=one");
        assertThat(tls.reload()).isFalse();
    }

    @Test
    void filesCaughtMidRewriteAreNotTakenUntilTheyFitTogether() throws Exception {
        Path ca = copy(first.caCert(), "t2-ca.pem");
        TestCertificates.Pair three = first.client("three");
        Path cert = copy(three.cert(), "t2-client.pem");
        Path key = copy(three.key(), "t2-client-key.pem");
        ReloadingTls tls = new ReloadingTls(ca, cert, key);
        ReloadingKeyManager km = new ReloadingKeyManager(tls);

        TestCertificates.Pair four = first.client("four");
        copy(four.cert(), "t2-client.pem"); // the key is not written yet
        assertThat(tls.reload()).as("certificate and key do not belong together").isFalse();
        assertThat(presented(km)).isEqualTo("CN=three");

        Files.writeString(key, "-----BEGIN PRIVATE KEY-----\nMIGH"); // truncated
        assertThat(tls.reload()).isFalse();
        assertThat(presented(km)).isEqualTo("CN=three");

        copy(four.key(), "t2-client-key.pem");
        assertThat(tls.reload()).isTrue();
        assertThat(presented(km)).isEqualTo("CN=four");
    }

    @Test
    void theConnectionChecksItsFilesAndReloadsOnRequest() throws Exception {
        Path ca = copy(first.caCert(), "t3-ca.pem");
        Path cert = copy(first.rootClient().cert(), "t3-client.pem");
        Path key = copy(first.rootClient().key(), "t3-client-key.pem");
        try (EtcdConnection c = EtcdConnection.builder("https://127.0.0.1:1").caCert(ca).clientCert(cert, key)
                .tlsReloadInterval(java.time.Duration.ZERO).build()) {
            assertThat(c.reloadTls()).isFalse();
            TestCertificates.Pair five = first.client("five");
            copy(five.cert(), "t3-client.pem");
            copy(five.key(), "t3-client-key.pem");
            assertThat(c.reloadTls()).isTrue();
            assertThat(c.reloadTls()).isFalse();
        }
        try (EtcdConnection plain = EtcdConnection.builder("http://127.0.0.1:1").build()) {
            assertThat(plain.reloadTls()).as("no TLS files").isFalse();
        }
    }
}
