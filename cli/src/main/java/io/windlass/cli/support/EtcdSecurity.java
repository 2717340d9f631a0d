package io.windlass.cli.support;

import io.windlass.etcd.EtcdConnection;
import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.WindlassException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The TLS and authentication options of the CLI and the worker, as etcdctl takes them ({@code --cacert --cert --key
 * --user --password-file --insecure-skip-tls-verify}), applied to an {@link EtcdConnection.Builder}, which validates
 * them against the endpoints (https without a CA is refused before connecting, see there).
 *
 * @param caCert                PEM CA file, or null
 * @param cert                  PEM client certificate, or null
 * @param key                   PEM key of {@code cert} (PKCS#8 or PKCS#1 RSA), or null
 * @param authority             name to verify the servers' certificates against, or null for each endpoint's host
 * @param user                  etcd user, or null
 * @param password              the user's password (from {@code --user user:password} or {@code WINDLASS_PASSWORD}),
 *                              or null
 * @param passwordFile          file holding the password, or null
 * @param insecureSkipTlsVerify TLS without verifying the server (tests only; logged as a WARN)
 * @param tlsReloadInterval     how often the CA, certificate and key files are checked for changes (certificate
 *                              rotation, {@link EtcdConnection#reloadTls()}); {@link Duration#ZERO}: only on request
 *                              (SIGHUP); null: the library's default
 */
public record EtcdSecurity(Path caCert, Path cert, Path key, String authority, String user, String password,
                           Path passwordFile, boolean insecureSkipTlsVerify, Duration tlsReloadInterval) {
    /** Plaintext, no authentication. */
    public static final EtcdSecurity NONE = new EtcdSecurity(null, null, null, null, null, null, null, false, null);

    /** Without a reload interval of its own (the library's default). */
    public EtcdSecurity(Path caCert, Path cert, Path key, String authority, String user, String password,
                        Path passwordFile, boolean insecureSkipTlsVerify) {
        this(caCert, cert, key, authority, user, password, passwordFile, insecureSkipTlsVerify, null);
    }

    /** The same options with another {@link #tlsReloadInterval} (null: the library's default). */
    public EtcdSecurity withTlsReloadInterval(Duration interval) {
        return new EtcdSecurity(caCert, cert, key, authority, user, password, passwordFile, insecureSkipTlsVerify,
                interval);
    }

    /**
     * From flag values (blank means absent): {@code user} may be {@code name:password} like etcdctl's; a password in
     * {@code passwordEnv} (the value of {@code WINDLASS_PASSWORD}) is used when neither that nor a file gives one.
     */
    public static EtcdSecurity of(String caCert, String cert, String key, String authority, String user,
                                  String passwordFile, String passwordEnv, boolean insecureSkipTlsVerify) {
        String name = blankToNull(user);
        String password = null;
        if (name != null && name.indexOf(':') >= 0) {
            password = name.substring(name.indexOf(':') + 1);
            name = name.substring(0, name.indexOf(':'));
        }
        Path file = path(passwordFile);
        if (password == null && file == null && name != null) {
            password = blankToNull(passwordEnv);
        }
        if (password != null && file != null) {
            throw new WindlassException(ErrorCode.INVALID_ARGUMENT,
                    "give the password once: --user USER:PASSWORD or --password-file, not both");
        }
        return new EtcdSecurity(path(caCert), path(cert), path(key), blankToNull(authority), name, password, file,
                insecureSkipTlsVerify);
    }

    /** Sets these options on {@code builder} and returns it. */
    public EtcdConnection.Builder applyTo(EtcdConnection.Builder builder) {
        builder.caCert(caCert).authority(authority).user(user).password(password).passwordFile(passwordFile)
                .insecureSkipTlsVerify(insecureSkipTlsVerify);
        if (cert != null || key != null) {
            builder.clientCert(cert, key);
        }
        if (tlsReloadInterval != null) {
            builder.tlsReloadInterval(tlsReloadInterval);
        }
        return builder;
    }

    /** For logs: what is on, never the password, e.g. {@code tls(ca) mtls user=alice}. */
    public String describe() {
        StringBuilder s = new StringBuilder();
        if (insecureSkipTlsVerify) {
            s.append("tls(INSECURE: server not verified)");
        } else if (caCert != null) {
            s.append("tls(ca=").append(caCert).append(')');
        }
        if (cert != null) {
            s.append(s.length() > 0 ? " " : "").append("mtls(cert=").append(cert).append(')');
        }
        if (user != null) {
            s.append(s.length() > 0 ? " " : "").append("user=").append(user);
        }
        return s.length() == 0 ? "plaintext" : s.toString();
    }

    /** Never shows the password. */
    @Override
    public String toString() {
        return "EtcdSecurity[" + describe() + "]";
    }

    private static Path path(String value) {
        String v = blankToNull(value);
        return v == null ? null : Path.of(v);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
