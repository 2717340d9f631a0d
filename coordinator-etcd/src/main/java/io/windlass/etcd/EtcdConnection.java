package io.windlass.etcd;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.ClientBuilder;
import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.WindlassException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One connection to an etcd cluster, shared by any number of coordinators and task clients of any namespaces on it
 * (one jetcd client underneath, configured as {@link EtcdClients} describes). Applications open it, hand it to
 * {@link EtcdCoordinator#create(EtcdConnection, String, EtcdCoordinatorSettings)} and
 * {@link EtcdTaskClient#create(EtcdConnection, String, EtcdCoordinatorSettings)}, and close it after them: closing
 * coordinators and clients never closes the connection. Thread-safe.
 *
 * <pre>{@code
 * try (EtcdConnection etcd = EtcdConnection.builder("http://10.0.0.1:2379", "http://10.0.0.2:2379").build()) { ... }
 *
 * EtcdConnection etcd = EtcdConnection.builder("https://etcd-1:2379", "https://etcd-2:2379")
 *         .caCert(Path.of("/etc/windlass/ca.pem"))
 *         .clientCert(Path.of("/etc/windlass/client.pem"), Path.of("/etc/windlass/client-key.pem"))
 *         .user("windlass-prod").passwordFile(Path.of("/etc/windlass/password"))
 *         .build();   // the certificate files are re-read when they change: see reloadTls()
 * }</pre>
 */
public interface EtcdConnection extends AutoCloseable {

    /** A connection with the defaults to {@code endpoints}, e.g. {@code http://127.0.0.1:2379}. */
    static EtcdConnection open(String... endpoints) {
        return builder(endpoints).build();
    }

    static Builder builder(String... endpoints) {
        return new Builder(endpoints);
    }

    /** The endpoints as given, e.g. for messages. */
    List<String> endpoints();

    /** The jetcd client underneath, for applications that also use etcd directly; do not close it. */
    Client jetcd();

    /** Closes the jetcd client; idempotent. Coordinators and clients on it fail with UNAVAILABLE afterwards. */
    @Override
    void close();

    /**
     * Who etcd sees on this connection, for messages: the user, the client certificate's CN, or empty when the
     * connection does not authenticate (the default, for implementations that do not know).
     */
    default Optional<String> identity() {
        return Optional.empty();
    }

    /**
     * Re-reads the CA, client certificate and key files now (the worker does this on SIGHUP; the connection also
     * checks them every {@link Builder#tlsReloadInterval}). When their content changed and they are usable (the key
     * belongs to the certificate), new connections to etcd use them from now on; established connections keep the
     * material of their handshake. Files caught mid-rewrite are not taken (logged; the old material stays).
     *
     * @return true when new material is in use; false when nothing changed, the files are not usable yet, or the
     *     connection has no TLS files (the default, for implementations without them)
     */
    default boolean reloadTls() {
        return false;
    }

    /**
     * Options of an {@link EtcdConnection}; defaults: 3 s connect timeout, plaintext (http endpoints), no
     * authentication. Not thread-safe.
     *
     * <p>Security, as etcd's own tools take it ({@code etcdctl --cacert --cert --key --user}):
     * <ul>
     *   <li>{@code https://} endpoints need {@link #caCert} (server-verified TLS) or, for tests only,
     *       {@link #insecureSkipTlsVerify}; without either {@link #build()} fails before connecting. TLS options with
     *       {@code http://} endpoints fail too: a connection is never silently plaintext;</li>
     *   <li>{@link #clientCert} adds mutual TLS (etcd {@code --client-cert-auth}); with etcd auth on and no user,
     *       etcd 3.4 takes the certificate's CN as the user;</li>
     *   <li>{@link #user} with {@link #password}/{@link #passwordFile}: etcd user/password auth. The token is fetched
     *       on the first call and fetched again when etcd answers "invalid auth token" (token expired, etcd
     *       restarted) or "revision of auth store is old" (users or roles changed): jetcd does that and retries the
     *       call once, also for txns (the request was refused before it was applied).</li>
     * </ul>
     * Files are read by {@link #build()}; a missing or malformed file fails it naming the file (INVALID_ARGUMENT).
     */
    final class Builder {
        /** How often the TLS files are checked for changes unless {@link #tlsReloadInterval} says otherwise. */
        public static final Duration DEFAULT_TLS_RELOAD_INTERVAL = Duration.ofSeconds(30);

        private final List<String> endpoints;
        private Duration connectTimeout = Duration.ofSeconds(3);
        private Path caCert;
        private Path clientCert;
        private Path clientKey;
        private String authority;
        private String user;
        private String password;
        private Path passwordFile;
        private boolean insecureSkipTlsVerify;
        private Duration tlsReloadInterval = DEFAULT_TLS_RELOAD_INTERVAL;

        private Builder(String... endpoints) {
            if (endpoints == null || endpoints.length == 0) {
                throw new IllegalArgumentException("at least one etcd endpoint is needed");
            }
            this.endpoints = List.of(endpoints);
        }

        /** How long establishing a connection to a member may take before a call fails; positive. */
        public Builder connectTimeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("connect timeout must be positive, was " + timeout);
            }
            this.connectTimeout = timeout;
            return this;
        }

        /** PEM file of the CA(s) that signed the etcd servers' certificates (etcdctl {@code --cacert}); null: none. */
        public Builder caCert(Path pemFile) {
            this.caCert = pemFile;
            return this;
        }

        /**
         * Client certificate (chain) and its private key, PEM (etcdctl {@code --cert --key}). The key must be
         * unencrypted PKCS#8 ({@code BEGIN PRIVATE KEY}) or PKCS#1 RSA ({@code BEGIN RSA PRIVATE KEY}); convert
         * others with {@code openssl pkcs8 -topk8 -nocrypt -in key.pem -out key8.pem}.
         */
        public Builder clientCert(Path certPemFile, Path keyPemFile) {
            this.clientCert = certPemFile;
            this.clientKey = keyPemFile;
            return this;
        }

        /**
         * The name the servers' certificates are checked against (TLS SNI and hostname verification), for endpoints
         * given as IP addresses whose certificates carry only DNS names. Default: each endpoint's own host.
         */
        public Builder authority(String authority) {
            this.authority = authority;
            return this;
        }

        /** etcd user; also needs {@link #password} or {@link #passwordFile}. */
        public Builder user(String user) {
            this.user = user;
            return this;
        }

        /** The user's password (prefer {@link #passwordFile}: nothing on a command line or in the environment). */
        public Builder password(String password) {
            this.password = password;
            return this;
        }

        /** A file holding the user's password (one trailing newline is ignored); read by {@link #build()}. */
        public Builder passwordFile(Path file) {
            this.passwordFile = file;
            return this;
        }

        /**
         * TLS without verifying the server's certificate (etcdctl {@code --insecure-skip-tls-verify}): for test
         * setups only; every build logs a WARN saying so. Anyone on the path can impersonate etcd.
         */
        public Builder insecureSkipTlsVerify(boolean skip) {
            this.insecureSkipTlsVerify = skip;
            return this;
        }

        /**
         * How often the CA, client certificate and key files are checked for changes (SHA-256 of their content; see
         * {@link EtcdConnection#reloadTls()}), default {@link #DEFAULT_TLS_RELOAD_INTERVAL}; {@link Duration#ZERO}:
         * never (only {@link EtcdConnection#reloadTls()}, e.g. on SIGHUP). One daemon thread per connection with TLS
         * files, ended by {@link EtcdConnection#close()}.
         */
        public Builder tlsReloadInterval(Duration interval) {
            if (interval == null || interval.isNegative()) {
                throw new IllegalArgumentException("TLS reload interval must be >= 0, was " + interval);
            }
            this.tlsReloadInterval = interval;
            return this;
        }

        /**
         * Builds the connection; nothing is sent until the first call.
         *
         * @throws WindlassException INVALID_ARGUMENT when the options do not fit the endpoints (see above) or a file
         *     cannot be read
         */
        public EtcdConnection build() {
            SecurityOptions security = security();
            ClientBuilder builder = EtcdClients.builder(endpoints.toArray(String[]::new))
                    .connectTimeout(connectTimeout);
            ReloadingTls tls = security.applyTo(builder, endpoints);
            Client client = builder.build();
            return new JetcdConnection(endpoints, client, security.identity(), tls, tlsReloadInterval);
        }

        private SecurityOptions security() {
            String pass = password;
            if (passwordFile != null) {
                if (password != null) {
                    throw new WindlassException(ErrorCode.INVALID_ARGUMENT, "give the etcd password once: "
                            + "either a password or a password file, not both");
                }
                try {
                    pass = Files.readString(passwordFile, StandardCharsets.UTF_8);
                } catch (IOException | RuntimeException e) {
                    throw new WindlassException(ErrorCode.INVALID_ARGUMENT,
                            "cannot read the etcd password file " + passwordFile + ": " + e, e);
                }
                pass = pass.endsWith("\r\n") ? pass.substring(0, pass.length() - 2)
                        : pass.endsWith("\n") ? pass.substring(0, pass.length() - 1) : pass;
            }
            return new SecurityOptions(caCert, clientCert, clientKey, authority, user, pass, insecureSkipTlsVerify);
        }
    }
}
