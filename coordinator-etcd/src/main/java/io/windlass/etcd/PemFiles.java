package io.windlass.etcd;

import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.WindlassException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the PEM files etcd and etcdctl take: certificates ({@code BEGIN CERTIFICATE}, several per file for a chain or
 * a CA bundle) and unencrypted private keys, either PKCS#8 ({@code BEGIN PRIVATE KEY}, RSA or EC, what
 * {@code openssl genpkey} writes) or PKCS#1 RSA ({@code BEGIN RSA PRIVATE KEY}, what cfssl and older openssl write),
 * which is converted to PKCS#8 here (netty takes PKCS#8 only). Other key forms are refused with the openssl command
 * that converts them. Every failure is INVALID_ARGUMENT naming the file.
 */
final class PemFiles {
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");
    /** AlgorithmIdentifier of rsaEncryption (1.2.840.113549.1.1.1) with NULL parameters, DER. */
    private static final byte[] RSA_ALGORITHM = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86,
            (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};

    private PemFiles() {
    }

    /** Every certificate in {@code file}, in order; at least one. */
    static List<X509Certificate> certificates(Path file, String what) {
        byte[] bytes = read(file, what);
        try {
            List<X509Certificate> certs = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(bytes)).stream()
                    .map(X509Certificate.class::cast).toList();
            if (certs.isEmpty()) {
                throw bad(file, what, "no certificate in it (expected -----BEGIN CERTIFICATE-----)", null);
            }
            return certs;
        } catch (CertificateException e) {
            throw bad(file, what, "not a PEM certificate: " + e.getMessage(), e);
        }
    }

    /** The private key in {@code file} (PKCS#8 or PKCS#1 RSA, unencrypted). */
    static PrivateKey privateKey(Path file, String what) {
        String text = new String(read(file, what), StandardCharsets.US_ASCII);
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            String type = m.group(1);
            byte[] der;
            try {
                der = Base64.getMimeDecoder().decode(m.group(2));
            } catch (IllegalArgumentException e) {
                throw bad(file, what, "bad base64 in " + type, e);
            }
            switch (type) {
                case "PRIVATE KEY" -> {
                    return pkcs8(file, what, der);
                }
                case "RSA PRIVATE KEY" -> {
                    return pkcs8(file, what, wrapRsa(der));
                }
                case "ENCRYPTED PRIVATE KEY" -> throw bad(file, what, "the key is encrypted; decrypt it: "
                        + "openssl pkcs8 -topk8 -nocrypt -in " + file + " -out key.pem", null);
                case "EC PRIVATE KEY" -> throw bad(file, what, "SEC1 EC keys are not supported; convert to PKCS#8: "
                        + "openssl pkcs8 -topk8 -nocrypt -in " + file + " -out key.pem", null);
                default -> {
                    // e.g. EC PARAMETERS before the key: look further
                }
            }
        }
        throw bad(file, what, "no private key in it (expected -----BEGIN PRIVATE KEY----- or "
                + "-----BEGIN RSA PRIVATE KEY-----)", null);
    }

    private static PrivateKey pkcs8(Path file, String what, byte[] der) {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        GeneralSecurityException last = null;
        for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw bad(file, what, "not an RSA, EC or Ed25519 private key: " + last.getMessage(), last);
    }

    /** PKCS#1 RSAPrivateKey → PKCS#8 PrivateKeyInfo: SEQUENCE { INTEGER 0, rsaEncryption, OCTET STRING pkcs1 }. */
    static byte[] wrapRsa(byte[] pkcs1) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {0x02, 0x01, 0x00});
        body.writeBytes(RSA_ALGORITHM);
        body.write(0x04);
        body.writeBytes(derLength(pkcs1.length));
        body.writeBytes(pkcs1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x30);
        out.writeBytes(derLength(body.size()));
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }

    private static byte[] derLength(int length) {
        if (length < 0x80) {
            return new byte[] {(byte) length};
        }
        if (length < 0x100) {
            return new byte[] {(byte) 0x81, (byte) length};
        }
        if (length < 0x10000) {
            return new byte[] {(byte) 0x82, (byte) (length >> 8), (byte) length};
        }
        return new byte[] {(byte) 0x83, (byte) (length >> 16), (byte) (length >> 8), (byte) length};
    }

    private static byte[] read(Path file, String what) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw bad(file, what, "cannot read it: " + e, e);
        }
    }

    private static WindlassException bad(Path file, String what, String problem, Throwable cause) {
        return new WindlassException(ErrorCode.INVALID_ARGUMENT, what + " " + file + ": " + problem, cause);
    }
}
