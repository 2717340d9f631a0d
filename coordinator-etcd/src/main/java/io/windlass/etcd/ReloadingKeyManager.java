package io.windlass.etcd;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Presents the client certificate {@link ReloadingTls} holds at the moment of each handshake. The alias names the
 * material's generation, so a handshake that picked its alias just before a reload still gets a matching certificate
 * and key (the current and the previous generation are kept). Client side only.
 */
final class ReloadingKeyManager extends X509ExtendedKeyManager {
    private static final String PREFIX = "windlass-client-";

    private final ReloadingTls tls;

    ReloadingKeyManager(ReloadingTls tls) {
        this.tls = tls;
    }

    @Override
    public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
        return chooseClientAlias(keyTypes, issuers, null);
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
        ReloadingTls.Material m = tls.current();
        if (m.key() == null) {
            return null;
        }
        if (keyTypes != null && keyTypes.length > 0 && Arrays.stream(keyTypes)
                .noneMatch(t -> t.equalsIgnoreCase(m.key().getAlgorithm()) || t.startsWith(m.key().getAlgorithm()))) {
            return null;
        }
        return PREFIX + m.generation();
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        String alias = chooseClientAlias(new String[] {keyType}, issuers, null);
        return alias == null ? null : new String[] {alias};
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        ReloadingTls.Material m = material(alias);
        return m == null || m.chain() == null ? null : m.chain().clone();
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        ReloadingTls.Material m = material(alias);
        return m == null ? null : m.key();
    }

    private ReloadingTls.Material material(String alias) {
        if (alias == null || !alias.startsWith(PREFIX)) {
            return null;
        }
        try {
            return tls.generation(Long.parseLong(alias.substring(PREFIX.length())));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return null;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return null;
    }
}
