package org.rampart.http.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate for {@code localhost} and {@code 127.0.0.1} made by the {@code openssl} command (in every
 * Debian install; {@code .ci/run} makes sure), as PEM files the way an operator has them, and a client
 * {@link SSLContext} that trusts exactly it.
 */
public record SelfSignedCertificate(Path cert, Path key, X509Certificate certificate) {

    /** Writes a fresh EC P-256 certificate and PKCS#8 key into {@code dir} as {@code <name>.crt} and {@code <name>.key}. */
    public static SelfSignedCertificate create(Path dir, String name) throws IOException, InterruptedException {
        Path cert = dir.resolve(name + ".crt");
        Path key = dir.resolve(name + ".key");
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2", "-subj", "/CN=" + name,
                "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", key.toString(), "-out", cert.toString())
                .redirectErrorStream(true).start();
        String output = new String(openssl.getInputStream().readAllBytes());
        if (!openssl.waitFor(60, TimeUnit.SECONDS) || openssl.exitValue() != 0) {
            throw new IOException("openssl failed: " + output);
        }
        return new SelfSignedCertificate(cert, key, read(cert));
    }

    /** Copies this certificate's files over {@code cert} and {@code key}, each replaced in one rename. */
    public void installAt(Path cert, Path key) throws IOException {
        replace(this.cert, cert);
        replace(this.key, key);
    }

    /** A client context trusting these certificates only. */
    public static SSLContext trusting(SelfSignedCertificate... certificates) throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        for (SelfSignedCertificate c : certificates) {
            trusted.setCertificateEntry(c.cert().toString(), c.certificate());
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    private static void replace(Path from, Path to) throws IOException {
        Path temporary = to.resolveSibling(to.getFileName() + ".new");
        Files.copy(from, temporary, StandardCopyOption.REPLACE_EXISTING);
        Files.move(temporary, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static X509Certificate read(Path cert) throws IOException {
        try (InputStream in = Files.newInputStream(cert)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (java.security.cert.CertificateException e) {
            throw new IOException(e);
        }
    }
}
