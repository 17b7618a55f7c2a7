package org.rampart.http.tls;

import java.io.Closeable;
import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * TLS for a listener on plain sockets (syslog over TLS, RFC 5425), with the same rules as {@link TlsListener}: TLS
 * 1.2 and 1.3 only, the certificate from {@link TlsFiles}, and a renewed certificate served from the next accepted
 * connection on without a restart (open connections keep theirs). The listener accepts plain sockets and wraps each
 * one here, so the context in use can be swapped without rebinding the port.
 */
public final class TlsSockets implements Closeable {
    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private final CertificateWatch watch;
    private volatile SSLContext context;

    private TlsSockets(TlsFiles files) {
        byte[][] contents = files.readAtStart();
        this.context = context(files.keyStore(contents));
        this.watch = new CertificateWatch(files, contents, replacement -> context = context(replacement));
    }

    /**
     * Loads the certificate and starts watching its files.
     *
     * @throws IllegalArgumentException if the files cannot be read or do not hold a matching certificate and key
     */
    public static TlsSockets open(TlsFiles files) {
        TlsSockets sockets = new TlsSockets(files);
        sockets.watch.start();
        return sockets;
    }

    /** {@code accepted} as the server side of a TLS connection; the handshake happens on first read or write. */
    public SSLSocket wrap(Socket accepted) throws IOException {
        SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(accepted, null, accepted.getPort(), true);
        tls.setUseClientMode(false);
        tls.setEnabledProtocols(PROTOCOLS);
        return tls;
    }

    private static SSLContext context(KeyStore keyStore) {
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(keyStore, TlsFiles.KEY_STORE_PASSWORD.toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a TLS context from the loaded certificate", e);
        }
    }

    /** Stops watching the files; connections already wrapped are not affected. */
    @Override
    public void close() {
        watch.stop();
    }
}
