package org.rampart.http.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A listener's certificate and key as PEM files ({@code tls.cert}, {@code tls.key}), the form certbot and most CAs
 * hand out, and how often they are checked for a replacement.
 *
 * @param cert           the certificate chain, the server's certificate first
 * @param key            its private key, unencrypted PKCS#8 ({@code -----BEGIN PRIVATE KEY-----})
 * @param reloadInterval how often the files are read again; a change is served from the next handshake on
 */
public record TlsFiles(Path cert, Path key, Duration reloadInterval) {
    /** The password of the in-memory key store only: it never leaves this process. */
    static final String KEY_STORE_PASSWORD = "rampart";
    private static final Pattern PRIVATE_KEY =
            Pattern.compile("-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");
    private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "Ed25519", "Ed448");

    public TlsFiles {
        if (reloadInterval.isNegative() || reloadInterval.isZero()) {
            throw new IllegalArgumentException("tls.reload_interval must be positive, got " + reloadInterval);
        }
    }

    /** Both files' bytes, to notice a replacement by what changed rather than by a timestamp. */
    byte[][] read() throws IOException {
        return new byte[][] {Files.readAllBytes(cert), Files.readAllBytes(key)};
    }

    /** {@link #read()} for a listener that starts: a file it cannot read is a configuration mistake, said as one. */
    byte[][] readAtStart() {
        try {
            return read();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the TLS certificate or key (" + cert + ", " + key + "): "
                    + e.getMessage(), e);
        }
    }

    /**
     * The key and chain of {@code contents} (from {@link #read()}) as a key store (for Jetty or a {@link TlsSockets} context).
     *
     * @throws IllegalArgumentException saying what is wrong with which file
     */
    KeyStore keyStore(byte[][] contents) {
        List<? extends Certificate> chain;
        try {
            chain = List.copyOf(CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(contents[0])));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("tls.cert " + cert + " is not a PEM certificate chain: " + e.getMessage(), e);
        }
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("tls.cert " + cert + " holds no certificate");
        }
        PrivateKey privateKey = privateKey(new String(contents[1], StandardCharsets.US_ASCII));
        if (!matches(privateKey, chain.getFirst())) {
            throw new IllegalArgumentException("tls.key " + key + " is not the key of the first certificate in " + cert);
        }
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("rampart", privateKey, KEY_STORE_PASSWORD.toCharArray(), chain.toArray(Certificate[]::new));
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build an in-memory key store", e);
        }
    }

    private PrivateKey privateKey(String pem) {
        Matcher m = PRIVATE_KEY.matcher(pem);
        if (!m.find()) {
            throw new IllegalArgumentException("tls.key " + key + " holds no unencrypted PKCS#8 key (-----BEGIN PRIVATE"
                    + " KEY-----); convert it with: openssl pkcs8 -topk8 -nocrypt -in " + key + " -out key.pem");
        }
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(m.group(1)));
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                // Not this algorithm's key: try the next.
            }
        }
        throw new IllegalArgumentException("tls.key " + key + ": not an RSA, EC or EdDSA private key");
    }

    /** Whether the key signs what the certificate's public key verifies. */
    private static boolean matches(PrivateKey privateKey, Certificate certificate) {
        String algorithm = switch (privateKey.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            default -> privateKey.getAlgorithm();
        };
        try {
            byte[] probe = "rampart".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(privateKey);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
