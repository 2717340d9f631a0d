package io.windlass.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.ClientBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.WindlassException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TLS and authentication options of an {@link EtcdConnection}, validated against the endpoints before anything
 * connects, and applied to a jetcd {@link ClientBuilder}. Rules (each broken one is INVALID_ARGUMENT saying what to
 * pass):
 * <ul>
 *   <li>endpoints are all {@code http://} or all {@code https://}: jetcd uses one channel, plaintext or TLS;</li>
 *   <li>{@code https://} needs trust: a CA file, or {@code insecureSkipTlsVerify} (logged as a WARN on every build);
 *       without either the build fails (jetcd would otherwise talk plaintext to a TLS port and hang or fail
 *       obscurely);</li>
 *   <li>TLS options (CA, client certificate, authority, skip-verify) with {@code http://} endpoints are refused: they
 *       would be ignored and the connection would silently be plaintext;</li>
 *   <li>a user needs a password; a password needs a user; a client certificate needs its key and vice versa.</li>
 * </ul>
 * Certificates and keys are read at build time (PEM, see {@link PemFiles}); a bad file fails the build naming it.
 * They are re-read when they change ({@link ReloadingTls}).
 */
record SecurityOptions(Path caCert, Path clientCert, Path clientKey, String authority, String user, String password,
                       boolean insecureSkipTlsVerify) {
    private static final Logger LOG = LoggerFactory.getLogger(SecurityOptions.class);

    static final SecurityOptions NONE = new SecurityOptions(null, null, null, null, null, null, false);

    /** True when the endpoints are {@code https://} (all of them; mixing is refused). */
    boolean validate(List<String> endpoints) {
        boolean tls = tlsEndpoints(endpoints);
        if (tls && caCert == null && !insecureSkipTlsVerify) {
            throw invalid("etcd endpoint " + endpoints.get(0) + " is https but no CA to verify the server is "
                    + "configured: pass the CA file (--cacert, WINDLASS_CACERT, EtcdConnection.Builder.caCert), "
                    + "or for a test setup insecureSkipTlsVerify (--insecure-skip-tls-verify)");
        }
        if (!tls && (caCert != null || clientCert != null || clientKey != null || authority != null
                || insecureSkipTlsVerify)) {
            throw invalid("TLS options (CA, client certificate, authority, skip-verify) are set but the etcd "
                    + "endpoints " + endpoints + " are http: use https:// URLs (refusing a silent plaintext "
                    + "connection)");
        }
        if ((clientCert == null) != (clientKey == null)) {
            throw invalid("a client certificate needs its key and a key its certificate (--cert and --key together)");
        }
        if (user != null && user.isEmpty()) {
            throw invalid("the etcd user name is empty");
        }
        if (user != null && (password == null || password.isEmpty())) {
            throw invalid("etcd user '" + user + "' needs a password (--password-file, WINDLASS_PASSWORD_FILE, "
                    + "or --user " + user + ":PASSWORD)");
        }
        if (user == null && password != null) {
            throw invalid("a password is set but no etcd user (--user)");
        }
        return tls;
    }

    private static boolean tlsEndpoints(List<String> endpoints) {
        int https = 0;
        for (String e : endpoints) {
            String scheme;
            try {
                scheme = URI.create(e.trim()).getScheme();
            } catch (IllegalArgumentException bad) {
                throw invalid("invalid etcd endpoint '" + e + "': use a URL like https://10.0.0.1:2379");
            }
            scheme = scheme == null ? "" : scheme.toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw invalid("invalid etcd endpoint '" + e + "': use http:// or https://");
            }
            https += scheme.equals("https") ? 1 : 0;
        }
        if (https != 0 && https != endpoints.size()) {
            throw invalid("etcd endpoints " + endpoints + " mix http and https: use one scheme for all");
        }
        return https > 0;
    }

    /**
     * Applies the options (after {@link #validate}) to {@code builder}.
     *
     * @return the reloadable TLS files when the endpoints are https with a CA or a client certificate (see
     *     {@link ReloadingTls}), else null
     */
    ReloadingTls applyTo(ClientBuilder builder, List<String> endpoints) {
        ReloadingTls files = null;
        if (validate(endpoints)) {
            if (caCert != null || clientCert != null) {
                files = new ReloadingTls(insecureSkipTlsVerify ? null : caCert, clientCert, clientKey);
            }
            if (insecureSkipTlsVerify) {
                LOG.warn("INSECURE: TLS server verification is OFF for etcd {} (insecureSkipTlsVerify): anyone "
                        + "between this process and etcd can read and change everything. Never use this in "
                        + "production; pass the CA file instead.", endpoints);
            }
            ReloadingTls tls = files;
            try {
                builder.sslContext(ssl -> {
                    if (insecureSkipTlsVerify) {
                        ssl.trustManager(InsecureTrustManagerFactory.INSTANCE);
                    } else {
                        ssl.trustManager(new ReloadingTrustManager(tls));
                    }
                    if (tls != null && tls.clientAuth()) {
                        ssl.keyManager(new ReloadingKeyManager(tls));
                    }
                });
            } catch (SSLException | RuntimeException e) {
                throw invalid("cannot set up TLS for etcd " + endpoints + ": " + e.getMessage());
            }
            if (authority != null) {
                builder.authority(authority);
            }
        }
        if (user != null) {
            builder.user(ByteSequence.from(user, StandardCharsets.UTF_8));
            builder.password(ByteSequence.from(password, StandardCharsets.UTF_8));
            if (caCert == null && !insecureSkipTlsVerify) {
                LOG.warn("etcd user '{}' authenticates over plaintext http to {}: the password is visible on the "
                        + "network; use https", user, endpoints);
            }
        }
        return files;
    }

    /**
     * Who etcd sees: the user, else the client certificate's CN (etcd 3.4 takes it as the user when
     * {@code --client-cert-auth} is on and no token is sent), else {@code null} (no authentication).
     */
    String identity() {
        if (user != null) {
            return user;
        }
        if (clientCert != null) {
            try {
                X509Certificate cert = PemFiles.certificates(clientCert, "client certificate file").get(0);
                for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
                    if (rdn.getType().equalsIgnoreCase("CN")) {
                        return rdn.getValue().toString() + " (client certificate CN)";
                    }
                }
            } catch (WindlassException | InvalidNameException e) {
                return "the client certificate's CN";
            }
        }
        return null;
    }

    /** Never shows the password. */
    @Override
    public String toString() {
        return "SecurityOptions[caCert=" + caCert + ", clientCert=" + clientCert + ", clientKey=" + clientKey
                + ", authority=" + authority + ", user=" + user + ", password=" + (password == null ? null : "***")
                + ", insecureSkipTlsVerify=" + insecureSkipTlsVerify + "]";
    }

    private static WindlassException invalid(String message) {
        return new WindlassException(ErrorCode.INVALID_ARGUMENT, message);
    }
}
