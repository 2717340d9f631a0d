package io.windlass.launcher;

import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.WindlassException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Throw-away certificates for tests, made with the {@code openssl} binary (Debian's openssl 3): a CA, a server
 * certificate for the etcd members (SAN {@code IP:127.0.0.1, DNS:localhost}; serverAuth and clientAuth; no CN), a
 * CN-less client certificate for the launcher's own calls, and client certificates whose CN is the etcd user they
 * stand for. Keys are P-256 EC, PEM, unencrypted PKCS#8 — what etcd,
 * etcdctl, netty and the JDK all read. Valid for two days. Files are written into the given directory (the caller
 * deletes it); generating a set takes some 50 ms per certificate.
 *
 * <pre>{@code
 * TestCertificates certs = TestCertificates.create(tempDir);
 * EtcdLauncher etcd = EtcdLauncher.configure().tls(certs.etcdTls(true)).build().start();
 * TestCertificates.Pair alice = certs.client("alice");   // alice.cert(), alice.key()
 * }</pre>
 */
public final class TestCertificates {
    private static final long OPENSSL_TIMEOUT_SECONDS = 30;

    private final Path dir;
    private final Path caCert;
    private final Path caKey;
    private final Pair server;
    private final Pair client;
    private final Pair launcher;

    /** A certificate and its private key. */
    public record Pair(Path cert, Path key) {
    }

    private TestCertificates(Path dir, Path caCert, Path caKey, Pair server, Pair client, Pair launcher) {
        this.dir = dir;
        this.caCert = caCert;
        this.caKey = caKey;
        this.server = server;
        this.client = client;
        this.launcher = launcher;
    }

    /**
     * A new CA in {@code dir} (named {@code ca}), with a server certificate and a client certificate with CN
     * {@code root}. Fails with UNAVAILABLE when {@code openssl} is missing or fails (its output in the message).
     */
    public static TestCertificates create(Path dir) {
        return create(dir, "ca");
    }

    /** Like {@link #create(Path)}, with file names starting with {@code name} (several CAs in one directory). */
    public static TestCertificates create(Path dir, String name) {
        Path caCert = dir.resolve(name + ".pem");
        Path caKey = dir.resolve(name + "-key.pem");
        openssl(dir, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", caKey.toString(), "-out", caCert.toString(), "-days", "2", "-subj",
                "/CN=windlass-test-" + name, "-addext", "basicConstraints=critical,CA:TRUE",
                "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        TestCertificates partial = new TestCertificates(dir, caCert, caKey, null, null, null);
        // no CN on the server and launcher certificates: with auth and --client-cert-auth on, etcd 3.4's JSON gateway
        // refuses requests whose client certificate carries a CN ("CommonName ... will be ignored")
        Pair server = partial.issue(name + "-server", "/O=windlass-test-etcd-server",
                "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth,clientAuth\n");
        Pair client = partial.issue(name + "-client-root", "/CN=root", "extendedKeyUsage=clientAuth\n");
        Pair launcher = partial.issue(name + "-launcher", "/O=windlass-test-launcher", "extendedKeyUsage=clientAuth\n");
        return new TestCertificates(dir, caCert, caKey, server, client, launcher);
    }

    public Path caCert() {
        return caCert;
    }

    /** The etcd members' certificate. */
    public Pair server() {
        return server;
    }

    /** The client certificate with CN {@code root} (etcd's admin when auth is on and no password is sent). */
    public Pair rootClient() {
        return client;
    }

    /** A new client certificate with CN {@code commonName} (the etcd user it authenticates as). */
    public Pair client(String commonName) {
        if (!commonName.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new WindlassException(ErrorCode.INVALID_ARGUMENT, "CN must be 1-64 of [A-Za-z0-9._-]");
        }
        return issue(caCert.getFileName().toString().replace(".pem", "") + "-client-" + commonName,
                "/CN=" + commonName, "extendedKeyUsage=clientAuth\n");
    }

    /**
     * The files for {@link EtcdLauncher.Builder#tls}: this CA, the server pair and, for the launcher's own calls, a
     * client certificate without a CN (etcd's JSON gateway refuses client certificates with a CN when auth is on).
     */
    public EtcdTls etcdTls(boolean clientCertAuth) {
        return new EtcdTls(caCert, server.cert(), server.key(), launcher.cert(), launcher.key(), clientCertAuth);
    }

    private Pair issue(String file, String subject, String extensions) {
        Path key = dir.resolve(file + "-key.pem");
        Path csr = dir.resolve(file + ".csr");
        Path cert = dir.resolve(file + ".pem");
        Path ext = dir.resolve(file + ".ext");
        try {
            Files.writeString(ext, extensions, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new WindlassException(ErrorCode.UNAVAILABLE, "cannot write " + ext + ": " + e, e);
        }
        openssl(dir, "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", key.toString(), "-out", csr.toString(), "-subj", subject);
        openssl(dir, "x509", "-req", "-in", csr.toString(), "-CA", caCert.toString(), "-CAkey", caKey.toString(),
                "-CAcreateserial", "-out", cert.toString(), "-days", "2", "-extfile", ext.toString());
        return new Pair(cert, key);
    }

    private static void openssl(Path dir, String... args) {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] output = p.getInputStream().readAllBytes();
            if (!p.waitFor(OPENSSL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new WindlassException(ErrorCode.UNAVAILABLE, "openssl did not finish: " + command);
            }
            if (p.exitValue() != 0) {
                throw new WindlassException(ErrorCode.UNAVAILABLE, "openssl failed (" + p.exitValue() + "): "
                        + command + "\n" + new String(output, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new WindlassException(ErrorCode.UNAVAILABLE, "cannot run openssl (apt-get install -y openssl): "
                    + e, e);
        } catch (InterruptedException e) {
            throw EtcdHttp.interrupted(e);
        }
    }
}
