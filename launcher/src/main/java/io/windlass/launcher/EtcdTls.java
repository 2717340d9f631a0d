package io.windlass.launcher;

import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.WindlassException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * TLS of the etcd members {@link EtcdLauncher} starts: client URLs become {@code https://127.0.0.1:port}, etcd gets
 * {@code --cert-file/--key-file} and, with {@code clientCertAuth}, {@code --trusted-ca-file --client-cert-auth} (every
 * client must present a certificate signed by the CA; etcd 3.4 demands one as soon as it has a trusted CA file). Peer traffic stays plaintext on loopback. The launcher's own
 * HTTP calls (health, status, compaction) trust {@code caCert} and present {@code clientCert}/{@code clientKey}.
 * {@link TestCertificates} generates a matching set. All files are PEM; keys unencrypted PKCS#8.
 *
 * @param caCert         the CA that signed the server and client certificates
 * @param serverCert     the members' certificate: SAN {@code IP:127.0.0.1, DNS:localhost}, extended key usage
 *                       serverAuth and clientAuth (etcd's JSON gateway dials its own gRPC port with it)
 * @param serverKey      its key
 * @param clientCert     a client certificate for the launcher's HTTP calls (used when {@code clientCertAuth})
 * @param clientKey      its key
 * @param clientCertAuth whether etcd requires client certificates
 */
public record EtcdTls(Path caCert, Path serverCert, Path serverKey, Path clientCert, Path clientKey,
                      boolean clientCertAuth) {
    public EtcdTls {
        for (Path p : new Path[] {caCert, serverCert, serverKey, clientCert, clientKey}) {
            Objects.requireNonNull(p, "every TLS file is needed");
            if (!Files.isReadable(p)) {
                throw new WindlassException(ErrorCode.INVALID_ARGUMENT, "TLS file " + p + " is not readable");
            }
        }
    }

    /** The same files, with or without {@code --client-cert-auth}. */
    public EtcdTls withClientCertAuth(boolean required) {
        return new EtcdTls(caCert, serverCert, serverKey, clientCert, clientKey, required);
    }
}
