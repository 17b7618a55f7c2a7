package org.rampart.http.tls;

import java.security.KeyStore;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@link TlsFiles} every reload interval and hands a changed certificate to {@code install}. A replacement that
 * does not load (half written, key and certificate apart) is logged and the certificate in use stays; the watch tries
 * again when the files change again.
 */
final class CertificateWatch {
    private static final Logger LOG = LoggerFactory.getLogger(CertificateWatch.class);

    private final TlsFiles files;
    /** Puts a loaded certificate in use. */
    @FunctionalInterface
    interface Install {
        void accept(KeyStore replacement) throws Exception;
    }

    private final Install install;
    private byte[][] lastSeen;
    private ScheduledExecutorService timer;

    /** {@code loaded}: the files' contents already in use, so only a change is installed. */
    CertificateWatch(TlsFiles files, byte[][] loaded, Install install) {
        this.files = files;
        this.lastSeen = loaded;
        this.install = install;
    }

    void start() {
        timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("rampart-tls-reload").factory());
        long every = files.reloadInterval().toMillis();
        timer.scheduleWithFixedDelay(this::check, every, every, TimeUnit.MILLISECONDS);
    }

    void stop() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    private void check() {
        try {
            byte[][] now = files.read();
            if (Arrays.deepEquals(now, lastSeen)) {
                return;
            }
            lastSeen = now;
            install.accept(files.keyStore(now));
            LOG.info("TLS certificate reloaded from {}", files.cert());
        } catch (Exception e) {
            // Keep serving the certificate in use; a later change of the files is tried again.
            LOG.warn("TLS certificate in {} / {} not reloaded, the previous one stays in use: {}", files.cert(),
                    files.key(), e.getMessage());
        }
    }
}
