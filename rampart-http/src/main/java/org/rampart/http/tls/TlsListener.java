package org.rampart.http.tls;

import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * An HTTPS connector for any of Rampart's Jetty servers (intake, REST, UI): TLS 1.2 and 1.3 only, the certificate
 * from {@link TlsFiles}, and a watcher that reads the files every {@code reloadInterval} and swaps in a changed
 * certificate without a restart (Jetty's {@link SslContextFactory#reload}: new handshakes get it, open connections keep
 * theirs). A replacement that does not load (half written, key and certificate apart) is logged and the certificate
 * in use stays; the watcher tries again when the files change again. The watcher starts and stops with the server.
 */
public final class TlsListener {
    private TlsListener() {}

    /**
     * A connector on {@code host:port} (port 0: any free one) serving HTTPS with {@code files}, for Javalin's
     * {@code config.jetty.addConnector}.
     *
     * @throws IllegalArgumentException if the files cannot be read or do not hold a matching certificate and key
     */
    public static Connector connector(Server server, HttpConfiguration http, String host, int port, TlsFiles files) {
        byte[][] contents = files.readAtStart();
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStore(files.keyStore(contents));
        ssl.setKeyStorePassword(TlsFiles.KEY_STORE_PASSWORD);
        ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
        // Clients check the certificate against the name they asked for; the server need not refuse a name it lacks.
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        secure.setSniHostCheck(false);
        http.addCustomizer(secure);
        http.setSecureScheme("https");
        ServerConnector connector = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"),
                new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        server.addBean(new Reloader(ssl, files, contents));
        return connector;
    }

    /** The certificate watch as a Jetty bean, so it starts and stops with the server. */
    private static final class Reloader extends AbstractLifeCycle {
        private final CertificateWatch watch;

        Reloader(SslContextFactory.Server ssl, TlsFiles files, byte[][] loaded) {
            this.watch = new CertificateWatch(files, loaded, replacement -> ssl.reload(factory -> factory.setKeyStore(replacement)));
        }

        @Override
        protected void doStart() {
            watch.start();
        }

        @Override
        protected void doStop() {
            watch.stop();
        }
    }
}
