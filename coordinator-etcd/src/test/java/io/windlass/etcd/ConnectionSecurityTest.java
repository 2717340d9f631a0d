package io.windlass.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.WindlassException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS/auth option checks that happen before any connection, PEM key forms, the namespace role; no etcd here. */
class ConnectionSecurityTest {
    @TempDir
    Path dir;

    private static WindlassException refused(Runnable build) {
        WindlassException e = catchThrowableOfType(build::run, WindlassException.class);
        assertThat(e).as("refused").isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        return e;
    }

    @Test
    void httpsWithoutTrustIsRefusedNamingTheFlags() {
        assertThat(refused(() -> EtcdConnection.builder("https://10.0.0.1:2379").build()).getMessage())
                .contains("https://10.0.0.1:2379", "--cacert", "WINDLASS_CACERT", "--insecure-skip-tls-verify");
    }

    @Test
    void tlsOptionsOnHttpEndpointsAreRefusedRatherThanSilentlyPlaintext() {
        assertThat(refused(() -> EtcdConnection.builder("http://10.0.0.1:2379").caCert(dir.resolve("ca.pem"))
                .build()).getMessage()).contains("silent plaintext");
        assertThat(refused(() -> EtcdConnection.builder("http://10.0.0.1:2379").insecureSkipTlsVerify(true)
                .build()).getMessage()).contains("https://");
    }

    @Test
    void mixedSchemesHalfCertificatesAndHalfCredentialsAreRefused() {
        assertThat(refused(() -> EtcdConnection.builder("https://a:2379", "http://b:2379")
                .insecureSkipTlsVerify(true).build()).getMessage()).contains("mix http and https");
        assertThat(refused(() -> EtcdConnection.builder("https://a:2379").insecureSkipTlsVerify(true)
                .clientCert(dir.resolve("c.pem"), null).build()).getMessage()).contains("--cert and --key");
        assertThat(refused(() -> EtcdConnection.builder("http://a:2379").user("alice").build()).getMessage())
                .contains("alice", "--password-file");
        assertThat(refused(() -> EtcdConnection.builder("http://a:2379").password("x").build()).getMessage())
                .contains("no etcd user");
        assertThat(refused(() -> EtcdConnection.builder("http://a:2379").user("alice")
                .passwordFile(dir.resolve("missing")).build()).getMessage()).contains(dir.resolve("missing").toString());
    }

    @Test
    void aPasswordFileLosesItsTrailingNewlineAndTheConnectionKnowsItsUser() throws Exception {
        Path file = Files.writeString(dir.resolve("pw"), "secret\n");
        try (EtcdConnection c = EtcdConnection.builder("http://127.0.0.1:1").user("alice").passwordFile(file)
                .build()) {
            assertThat(c.identity()).hasValue("alice");
        }
        SecurityOptions options = new SecurityOptions(null, null, null, null, "alice", "secret", false);
        assertThat(options.toString()).doesNotContain("secret").contains("***");
    }

    @Test
    void pkcs1RsaKeysAreConvertedAndSec1EcKeysExplainTheOpensslCommand() throws Exception {
        Path pkcs1 = dir.resolve("rsa1.pem");
        Path pkcs8 = dir.resolve("rsa8.pem");
        openssl("genrsa", "-traditional", "-out", pkcs1.toString(), "2048");
        openssl("pkcs8", "-topk8", "-nocrypt", "-in", pkcs1.toString(), "-out", pkcs8.toString());
        assertThat(Files.readString(pkcs1)).contains("BEGIN RSA PRIVATE KEY");
        PrivateKey converted = PemFiles.privateKey(pkcs1, "key");
        assertThat(converted.getEncoded()).isEqualTo(PemFiles.privateKey(pkcs8, "key").getEncoded());

        Path sec1 = dir.resolve("ec1.pem");
        openssl("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", sec1.toString());
        assertThat(refused(() -> PemFiles.privateKey(sec1, "client key file")).getMessage())
                .contains("client key file", sec1.toString(), "openssl pkcs8 -topk8 -nocrypt");
        assertThat(refused(() -> PemFiles.certificates(pkcs8, "CA file")).getMessage()).contains("CA file");
    }

    @Test
    void theNamespaceRoleIsReadWriteOnItsPrefixOnly() {
        NamespaceRole role = NamespaceRole.of("prod", "alice");
        assertThat(role.role()).isEqualTo("windlass-prod");
        assertThat(role.prefix()).isEqualTo("/prod/");
        assertThat(role.rangeEnd()).isEqualTo("/prod0");
        assertThat(role.etcdctlCommands()).containsExactly("etcdctl role add windlass-prod",
                "etcdctl role grant-permission windlass-prod readwrite /prod/ --prefix=true",
                "etcdctl user grant-role alice windlass-prod");
        assertThat(refused(() -> NamespaceRole.of("a/b", "alice")).getMessage()).contains("invalid namespace");
        assertThat(refused(() -> NamespaceRole.of("prod", " ")).getMessage()).contains("--user");
    }

    private void openssl(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("openssl.out").toFile()).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(dir.resolve("openssl.out"))).isZero();
    }
}
