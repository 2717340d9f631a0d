package io.windlass.etcd;

import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.WindlassException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CA, client certificate and key of one {@link EtcdConnection}, re-read when their files change: the connection's
 * TLS context asks {@link ReloadingKeyManager} and {@link ReloadingTrustManager} for the current material at every
 * handshake, so new connections to etcd (a reconnect after a member restart, a new member) use what the files hold
 * now, without restarting the process. Established connections keep the material of their handshake (etcd checks a
 * client certificate once, when the connection is made).
 *
 * <p>{@link #reload()} compares a SHA-256 of the three files' bytes with the one in use; when it differs it parses
 * them and checks that the key belongs to the certificate. A file that is being rewritten (a certificate whose key is
 * not written yet, a truncated PEM) is not taken: the old material stays in use, one WARN per distinct content says
 * why, and the next check tries again. Thread-safe (one {@link AtomicReference}).
 */
final class ReloadingTls {
    private static final Logger LOG = LoggerFactory.getLogger(ReloadingTls.class);

    /** What one handshake uses; {@code trust} null for skip-verify, {@code key}/{@code chain} null without mTLS. */
    record Material(long generation, byte[] hash, X509ExtendedTrustManager trust, PrivateKey key,
                    X509Certificate[] chain) {
    }

    private final Path caCert;
    private final Path clientCert;
    private final Path clientKey;
    private final AtomicReference<Material> current = new AtomicReference<>();
    private final AtomicReference<Material> previous = new AtomicReference<>();
    private volatile String lastRefusedHash = "";

    /** Reads the files now; a missing or malformed file fails with INVALID_ARGUMENT naming it. */
    ReloadingTls(Path caCert, Path clientCert, Path clientKey) {
        this.caCert = caCert;
        this.clientCert = clientCert;
        this.clientKey = clientKey;
        current.set(load(0, hash()));
    }

    boolean clientAuth() {
        return clientCert != null;
    }

    Material current() {
        return current.get();
    }

    /** The material of {@code generation} if it is the current or the one before (a handshake that raced a reload). */
    Material generation(long generation) {
        Material now = current.get();
        if (now.generation() == generation) {
            return now;
        }
        Material before = previous.get();
        return before != null && before.generation() == generation ? before : null;
    }

    /**
     * Re-reads the files if their content changed.
     *
     * @return true when new material is now used for new connections; false when nothing changed or the new files
     *     are not usable yet (logged, the old material stays)
     */
    boolean reload() {
        Material old = current.get();
        byte[] hash;
        try {
            hash = hash();
        } catch (WindlassException e) {
            refuse(e.getMessage(), e.getMessage());
            return false;
        }
        if (Arrays.equals(hash, old.hash())) {
            return false;
        }
        Material fresh;
        try {
            fresh = load(old.generation() + 1, hash);
        } catch (WindlassException e) {
            refuse(HexFormat.of().formatHex(hash), e.getMessage());
            return false;
        }
        if (!current.compareAndSet(old, fresh)) {
            return false; // another thread reloaded meanwhile
        }
        previous.set(old);
        LOG.info("etcd TLS files changed: new connections use them now (generation {}){}", fresh.generation(),
                fresh.chain() == null ? "" : ": client certificate " + fresh.chain()[0].getSubjectX500Principal()
                        + " valid until " + fresh.chain()[0].getNotAfter().toInstant());
        return true;
    }

    private void refuse(String what, String why) {
        if (!what.equals(lastRefusedHash)) {
            lastRefusedHash = what;
            LOG.warn("etcd TLS files changed but are not usable (yet): {}; still using the previous ones, "
                    + "checking again", why);
        }
    }

    private Material load(long generation, byte[] hash) {
        X509ExtendedTrustManager trust = caCert == null ? null : trustManager(caCert);
        PrivateKey key = clientKey == null ? null : PemFiles.privateKey(clientKey, "client key file");
        X509Certificate[] chain = clientCert == null ? null
                : PemFiles.certificates(clientCert, "client certificate file").toArray(X509Certificate[]::new);
        if (key != null) {
            requireMatch(key, chain[0]);
        }
        return new Material(generation, hash, trust, key, chain);
    }

    /** Signs and verifies a few bytes: a key written for another certificate (mid-rotation) fails here. */
    private void requireMatch(PrivateKey key, X509Certificate cert) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> key.getAlgorithm();
        };
        byte[] probe = "windlass-key-check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        boolean ok;
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(cert.getPublicKey());
            verifier.update(probe);
            ok = verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            ok = false;
        }
        if (!ok) {
            throw new WindlassException(ErrorCode.INVALID_ARGUMENT, "client key file " + clientKey
                    + " does not belong to the certificate in " + clientCert + " ("
                    + cert.getSubjectX500Principal() + ")");
        }
    }

    private static X509ExtendedTrustManager trustManager(Path caFile) {
        List<X509Certificate> cas = PemFiles.certificates(caFile, "CA file");
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            for (int i = 0; i < cas.size(); i++) {
                store.setCertificateEntry("ca-" + i, cas.get(i));
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
            factory.init(store);
            for (TrustManager tm : factory.getTrustManagers()) {
                if (tm instanceof X509ExtendedTrustManager x509) {
                    return x509;
                }
            }
            throw new GeneralSecurityException("no X509 trust manager");
        } catch (GeneralSecurityException | IOException e) {
            throw new WindlassException(ErrorCode.INVALID_ARGUMENT, "CA file " + caFile + ": " + e.getMessage(), e);
        }
    }

    private byte[] hash() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (Path p : new Path[] {caCert, clientCert, clientKey}) {
                if (p != null) {
                    byte[] bytes = Files.readAllBytes(p);
                    digest.update(bytes);
                    digest.update((byte) 0);
                }
            }
            return digest.digest();
        } catch (IOException e) {
            throw new WindlassException(ErrorCode.INVALID_ARGUMENT, "cannot read a TLS file: " + e, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 missing", e);
        }
    }
}
