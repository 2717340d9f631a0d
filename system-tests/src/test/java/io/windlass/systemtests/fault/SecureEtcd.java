package io.windlass.systemtests.fault;

import io.etcd.jetcd.Client;
import io.windlass.etcd.EtcdConnection;
import io.windlass.launcher.EtcdLauncher;
import io.windlass.launcher.EtcdTls;
import io.windlass.launcher.TestCertificates;
import io.windlass.launcher.WorkerProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * A production-like etcd for the fault suite: mutual TLS ({@code --client-cert-auth}, certificates generated here with
 * openssl), auth on (root), one etcd user per namespace whose only role is the one {@code windlass etcd-role
 * --namespace NS --user U --apply} creates (run as a CLI process, as an operator would). Workers get the flags an
 * operator would give them ({@link #workerFlags}); the test's own probe and task client are etcd's root (the client
 * certificate with CN root), so the checkers see everything. Files live in {@code target/secure-etcd/<name>}.
 *
 * <pre>{@code
 * static final SecureEtcd SEC = SecureEtcd.create("kill9");
 * @RegisterExtension static final EtcdExtension ETCD = EtcdExtension.builder().tls(SEC.tls()).build();
 * @BeforeAll static void auth() { SEC.enableAuth(ETCD); }
 * }</pre>
 */
final class SecureEtcd {
    static final String ROOT_PASSWORD = "root-secret";
    private static final List<String> CLI_JVM = List.of("-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    final Path dir;
    final TestCertificates certs;
    private final TestCertificates.Pair workerCert;

    private SecureEtcd(Path dir) {
        this.dir = dir;
        this.certs = TestCertificates.create(dir);
        this.workerCert = certs.client("windlass-worker");
    }

    /** New certificates in a fresh {@code target/secure-etcd/<name>}. */
    static SecureEtcd create(String name) {
        Path dir = Path.of("target", "secure-etcd", name).toAbsolutePath();
        try {
            if (Files.exists(dir)) {
                try (Stream<Path> old = Files.walk(dir)) {
                    for (Path p : old.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return new SecureEtcd(dir);
    }

    /** etcd's TLS: https, server certificate, client certificates required. */
    EtcdTls tls() {
        return certs.etcdTls(true);
    }

    /** Turns auth on (root with {@link #ROOT_PASSWORD}); call once etcd runs. */
    void enableAuth(EtcdLauncher etcd) {
        etcd.enableAuth(ROOT_PASSWORD);
    }

    /**
     * Adds etcd user {@code user} with a password file, and gives it the namespace's role by running
     * {@code windlass etcd-role --namespace ns --user user --apply} as root (client certificate CN root).
     */
    void addNamespaceUser(EtcdLauncher etcd, String user, String namespace, WorkerFleet fleet) {
        etcd.addUser(user, password(user));
        try {
            Files.writeString(passwordFile(user), password(user) + "\n");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        List<String> args = new ArrayList<>(List.of("etcd-role", "--namespace", namespace, "--user", user, "--apply",
                "--etcd", String.join(",", etcd.endpoints()), "--cacert", certs.caCert().toString(),
                "--cert", certs.rootClient().cert().toString(), "--key", certs.rootClient().key().toString(),
                "--timeout", "30s"));
        String classPath = WorkerProcess.classPathReplacingJar("windlass-cli.jar");
        try (WorkerProcess cli = WorkerProcess.start("etcd-role-" + user,
                WorkerProcess.javaCommand(CLI_JVM, classPath, "io.windlass.cli.WindlassCli", args), dir)) {
            Await.until("windlass etcd-role --apply finished", Duration.ofSeconds(60), () -> !cli.isAlive(),
                    () -> cli.tail(20));
            if (cli.exitCode() != 0) {
                throw new AssertionError("windlass etcd-role failed (" + cli.exitCode() + "):\n" + cli.tail(20));
            }
        }
    }

    /** The flags a worker of {@code user} gets: CA, client certificate and key, user and password file. */
    List<String> workerFlags(String user) {
        return List.of("--cacert", certs.caCert().toString(), "--cert", workerCert.cert().toString(),
                "--key", workerCert.key().toString(), "--user", user, "--password-file", passwordFile(user).toString());
    }

    /** A {@link Cluster} on {@code namespace} whose probe and task client are etcd's root (client certificate). */
    Cluster adminCluster(List<String> endpoints, String namespace) {
        return new Cluster(warm(root(endpoints, certs)), warm(root(endpoints, certs)), namespace);
    }

    /** A client presenting {@code certs}' root certificate (no TLS file checks: the test does not rotate these). */
    static Client root(List<String> endpoints, TestCertificates certs) {
        return EtcdConnection.builder(endpoints.toArray(String[]::new)).caCert(certs.caCert())
                .clientCert(certs.rootClient().cert(), certs.rootClient().key())
                .tlsReloadInterval(Duration.ZERO).connectTimeout(Duration.ofSeconds(10)).build().jetcd();
    }

    /**
     * Makes {@code client}'s first call (class loading, TLS handshake) with a generous bound, so the test's own calls
     * with their 10 s deadlines do not pay for it on a loaded machine.
     */
    static Client warm(Client client) {
        try {
            client.getKVClient().get(EtcdProbe.bytes("/warm-up")).get(60, TimeUnit.SECONDS);
            return client;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            client.close();
            throw new IllegalStateException("etcd did not answer a first read within 60 s: " + e, e);
        }
    }

    private Path passwordFile(String user) {
        return dir.resolve(user + ".password");
    }

    private static String password(String user) {
        return user + "-secret";
    }
}
