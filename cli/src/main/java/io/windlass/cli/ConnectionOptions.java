package io.windlass.cli;

import io.windlass.cli.support.EtcdSecurity;
import io.windlass.examples.support.Durations;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * Options every command that talks to etcd takes: {@code --etcd}, {@code --namespace}, {@code --timeout}, and TLS and
 * auth as etcdctl takes them ({@code --cacert --cert --key --user --password-file --insecure-skip-tls-verify}), each
 * also from an environment variable ({@code WINDLASS_ETCD}, {@code WINDLASS_CACERT}, {@code WINDLASS_CERT},
 * {@code WINDLASS_KEY}, {@code WINDLASS_USER}, {@code WINDLASS_PASSWORD_FILE}; the password itself may come from
 * {@code WINDLASS_PASSWORD}, never from a default shown in the help).
 */
public final class ConnectionOptions {
    public static final String DEFAULT_ETCD = "http://127.0.0.1:2379";

    @Option(names = "--etcd", paramLabel = "URL", defaultValue = "${env:WINDLASS_ETCD:-" + DEFAULT_ETCD + "}",
            description = "etcd endpoint(s), comma separated (default: $WINDLASS_ETCD, else ${DEFAULT-VALUE})")
    String etcd;

    @Option(names = "--namespace", paramLabel = "NS", defaultValue = "windlass",
            description = "task namespace (default: ${DEFAULT-VALUE})")
    String namespace;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "5s",
            description = "bound on each etcd call, e.g. 5s, 500ms (default: ${DEFAULT-VALUE})")
    String timeout;

    @Option(names = "--cacert", paramLabel = "FILE", defaultValue = "${env:WINDLASS_CACERT}",
            description = "PEM CA file to verify etcd's TLS certificate (https endpoints; default $WINDLASS_CACERT)")
    String caCert;

    @Option(names = "--cert", paramLabel = "FILE", defaultValue = "${env:WINDLASS_CERT}",
            description = "PEM client certificate for mutual TLS (default $WINDLASS_CERT)")
    String cert;

    @Option(names = "--key", paramLabel = "FILE", defaultValue = "${env:WINDLASS_KEY}",
            description = "PEM key of --cert, PKCS#8 or PKCS#1 RSA, unencrypted (default $WINDLASS_KEY)")
    String key;

    @Option(names = "--user", paramLabel = "USER[:PASSWORD]", defaultValue = "${env:WINDLASS_USER}",
            description = "etcd user, optionally with its password (default $WINDLASS_USER; prefer --password-file)")
    String user;

    @Option(names = "--password-file", paramLabel = "FILE", defaultValue = "${env:WINDLASS_PASSWORD_FILE}",
            description = "file holding the etcd user's password (default $WINDLASS_PASSWORD_FILE, "
                    + "else $WINDLASS_PASSWORD)")
    String passwordFile;

    @Option(names = "--authority", paramLabel = "NAME",
            description = "name to check etcd's certificate against when --etcd gives IP addresses")
    String authority;

    @Option(names = "--insecure-skip-tls-verify",
            description = "TLS without verifying etcd's certificate: for tests only, logged as a warning")
    boolean insecureSkipTlsVerify;

    public String etcd() {
        return etcd;
    }

    public String namespace() {
        return namespace;
    }

    public Duration timeout() {
        return Durations.parse(timeout);
    }

    /** The TLS and auth options (validated against the endpoints when the connection is built). */
    public EtcdSecurity security() {
        return EtcdSecurity.of(caCert, cert, key, authority, user, passwordFile, System.getenv("WINDLASS_PASSWORD"),
                insecureSkipTlsVerify);
    }
}
