package io.windlass.etcd;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Verifies etcd's server certificate against the CA file {@link ReloadingTls} holds at the moment of each handshake
 * (a CA bundle can be rotated like the client certificate). Delegates to the JDK's PKIX trust manager, which also does
 * the hostname check gRPC asks for (endpoint identification on the engine). Client side only.
 */
final class ReloadingTrustManager extends X509ExtendedTrustManager {
    private final ReloadingTls tls;

    ReloadingTrustManager(ReloadingTls tls) {
        this.tls = tls;
    }

    private X509ExtendedTrustManager delegate() {
        return tls.current().trust();
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        delegate().checkServerTrusted(chain, authType, engine);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        delegate().checkServerTrusted(chain, authType, socket);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        delegate().checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        throw new CertificateException("client-side trust manager: no client certificates are checked here");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        throw new CertificateException("client-side trust manager: no client certificates are checked here");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("client-side trust manager: no client certificates are checked here");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return delegate().getAcceptedIssuers();
    }
}
