package org.rampart.http.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rampart.http.testing.SelfSignedCertificate;

class TlsListenerTest {
    @TempDir
    Path dir;
    private Server server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void servesTheConfiguredCertificateAndARenewedOneWithoutRestart() throws Exception {
        SelfSignedCertificate first = SelfSignedCertificate.create(dir, "first");
        SelfSignedCertificate second = SelfSignedCertificate.create(dir, "second");
        Path cert = dir.resolve("tls.crt");
        Path key = dir.resolve("tls.key");
        first.installAt(cert, key);
        int port = start(new TlsFiles(cert, key, Duration.ofMillis(100)));
        SSLContext trustsBoth = SelfSignedCertificate.trusting(first, second);

        assertThat(servedCertificate(port, trustsBoth)).isEqualTo(first.certificate());

        second.installAt(cert, key);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(servedCertificate(port, trustsBoth)).isEqualTo(second.certificate()));
    }

    @Test
    void keepsTheCertificateInUseWhenTheReplacementDoesNotLoad() throws Exception {
        SelfSignedCertificate first = SelfSignedCertificate.create(dir, "first");
        SelfSignedCertificate second = SelfSignedCertificate.create(dir, "second");
        Path cert = dir.resolve("tls.crt");
        Path key = dir.resolve("tls.key");
        first.installAt(cert, key);
        int port = start(new TlsFiles(cert, key, Duration.ofMillis(100)));

        // Half a renewal: the new certificate beside the old key, which is not its key.
        Files.copy(second.cert(), cert, StandardCopyOption.REPLACE_EXISTING);
        Thread.sleep(500);
        assertThat(servedCertificate(port, SelfSignedCertificate.trusting(first))).isEqualTo(first.certificate());

        Files.copy(second.key(), key, StandardCopyOption.REPLACE_EXISTING);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(servedCertificate(port, SelfSignedCertificate.trusting(first, second))).isEqualTo(second.certificate()));
    }

    @Test
    void refusesTls11AndBelow() throws Exception {
        SelfSignedCertificate only = SelfSignedCertificate.create(dir, "only");
        int port = start(new TlsFiles(only.cert(), only.key(), Duration.ofSeconds(10)));
        SSLParameters tls11 = new SSLParameters();
        tls11.setProtocols(new String[] {"TLSv1.1"});
        HttpClient old = HttpClient.newBuilder().sslContext(SelfSignedCertificate.trusting(only)).sslParameters(tls11).build();

        assertThatThrownBy(() -> old.send(HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/")).build(),
                HttpResponse.BodyHandlers.discarding())).isInstanceOf(SSLHandshakeException.class);
        assertThat(servedCertificate(port, SelfSignedCertificate.trusting(only))).isEqualTo(only.certificate());
    }

    @Test
    void aKeyThatIsNotTheCertificatesIsRefusedAtStart() throws Exception {
        SelfSignedCertificate first = SelfSignedCertificate.create(dir, "first");
        SelfSignedCertificate second = SelfSignedCertificate.create(dir, "second");

        assertThatThrownBy(() -> start(new TlsFiles(first.cert(), second.key(), Duration.ofSeconds(10))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not the key of");
    }

    private int start(TlsFiles files) throws Exception {
        server = new Server();
        server.addConnector(TlsListener.connector(server, new HttpConfiguration(), "127.0.0.1", 0, files));
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                response.setStatus(200);
                callback.succeeded();
                return true;
            }
        });
        server.start();
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    /** The certificate a fresh client (no reused connection) is shown. */
    private static X509Certificate servedCertificate(int port, SSLContext trust) throws Exception {
        try (HttpClient client = HttpClient.newBuilder().sslContext(trust).build()) {
            HttpResponse<Void> reply = client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/")).build(),
                    HttpResponse.BodyHandlers.discarding());
            assertThat(reply.statusCode()).isEqualTo(200);
            return (X509Certificate) reply.sslSession().orElseThrow().getPeerCertificates()[0];
        }
    }
}
