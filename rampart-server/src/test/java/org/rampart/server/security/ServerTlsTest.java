package org.rampart.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rampart.event.config.RampartConfig;
import org.rampart.http.testing.SelfSignedCertificate;
import org.rampart.server.run.RampartProcess;
import org.rampart.server.run.RampartServer;

/**
 * tls.cert and tls.key in rampart.yml put every listener on TLS with that certificate; a renewed certificate is
 * served by all four (intake, REST, web UI, syslog's TLS port) without a restart.
 */
class ServerTlsTest {
    @TempDir
    Path dir;

    @Test
    void everyListenerServesTheConfiguredCertificateAndItsRenewal() throws Exception {
        SelfSignedCertificate first = SelfSignedCertificate.create(dir, "first");
        SelfSignedCertificate second = SelfSignedCertificate.create(dir, "second");
        Path cert = dir.resolve("server.crt");
        Path key = dir.resolve("server.key");
        first.installAt(cert, key);
        Path file = dir.resolve("rampart.yml");
        Files.writeString(file, """
                data: {dir: "%s"}
                intake: {port: 0}
                rest: {port: 0}
                web: {port: 0}
                syslog: {tls_port: %d}
                tls: {cert: "%s", key: "%s", reload_interval: 200ms}
                """.formatted(dir.resolve("data"), RampartProcess.freePort(), cert, key));

        try (RampartServer server = RampartServer.start(RampartConfig.load(file, Map.of()))) {
            // A page each listener answers 200 without a login (the UI sends a visitor to its login page).
            Map<Integer, String> pages = Map.of(server.intakePort(), "/status", server.restPort(), "/status",
                    server.webPort(), "/login");
            for (Map.Entry<Integer, String> page : pages.entrySet()) {
                assertThat(served(page.getKey(), page.getValue(), first, second)).isEqualTo(first.certificate());
            }
            int syslogPort = server.syslog().tlsPort();
            assertThat(servedOnSyslog(syslogPort, first, second)).isEqualTo(first.certificate());
            second.installAt(cert, key);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(servedOnSyslog(syslogPort, first, second)).isEqualTo(second.certificate()));
            for (Map.Entry<Integer, String> page : pages.entrySet()) {
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                        assertThat(served(page.getKey(), page.getValue(), first, second)).isEqualTo(second.certificate()));
            }
        }
    }

    private static Certificate servedOnSyslog(int port, SelfSignedCertificate... trusted) throws Exception {
        try (SSLSocket socket = (SSLSocket) SelfSignedCertificate.trusting(trusted).getSocketFactory()
                .createSocket(InetAddress.getLoopbackAddress(), port)) {
            socket.startHandshake();
            return socket.getSession().getPeerCertificates()[0];
        }
    }

    private static Certificate served(int port, String path, SelfSignedCertificate... trusted) throws Exception {
        try (HttpClient client = HttpClient.newBuilder().sslContext(SelfSignedCertificate.trusting(trusted)).build()) {
            HttpResponse<Void> reply = client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + port + path)).build(),
                    HttpResponse.BodyHandlers.discarding());
            assertThat(reply.statusCode()).isEqualTo(200);
            return reply.sslSession().orElseThrow().getPeerCertificates()[0];
        }
    }
}
