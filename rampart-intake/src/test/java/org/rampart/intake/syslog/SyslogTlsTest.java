package org.rampart.intake.syslog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rampart.http.testing.SelfSignedCertificate;
import org.rampart.http.tls.TlsFiles;
import org.rampart.intake.http.IntakeFixture;
import org.rampart.intake.http.IntakeSink;
import org.rampart.intake.http.ShipperProcesses;
import org.rampart.intake.journal.EventIds;

/** Syslog over TLS (RFC 5425) into a real journal: a JDK TLS client, openssl as an outside one, and a renewal. */
class SyslogTlsTest {
    private static final String COUNTED = "<165>1 2026-12-06T08:00:00.000Z web01 payments 4242 ID7 - refund failed";
    private static final String LINE = "<14>Dec  6 08:00:01 web01 cron: newline framed";

    @TempDir
    Path dir;

    private SyslogServer start(IntakeFixture intake, Path cert, Path key) throws IOException {
        return SyslogServer.start(new SyslogSettings("127.0.0.1", null, null, 0,
                new TlsFiles(cert, key, Duration.ofMillis(200)), 2048, 64L << 20, 16, ZoneOffset.UTC),
                IntakeSink.of(intake.journal), new EventIds(Clock.systemUTC()), Clock.systemUTC(), new SimpleMeterRegistry());
    }

    private static List<JsonNode> awaitEvents(IntakeFixture intake, int count) {
        List<JsonNode> events = new ArrayList<>();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            events.addAll(intake.newEvents());
            assertThat(events).hasSize(count);
        });
        return events;
    }

    private static SSLSocket connect(int port, SelfSignedCertificate... trusted) throws Exception {
        SSLSocket socket = (SSLSocket) SelfSignedCertificate.trusting(trusted).getSocketFactory()
                .createSocket(InetAddress.getLoopbackAddress(), port);
        socket.startHandshake();
        return socket;
    }

    private static void write(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static String octetCounted(String message) {
        return message.getBytes(StandardCharsets.UTF_8).length + " " + message;
    }

    @Test
    void octetCountedAndNewlineFramedMessagesOverOneTlsConnection() throws Exception {
        SelfSignedCertificate certificate = SelfSignedCertificate.create(dir, "syslog");
        try (IntakeFixture intake = new IntakeFixture(dir, IntakeFixture.DEFAULTS);
                SyslogServer syslog = start(intake, certificate.cert(), certificate.key());
                SSLSocket socket = connect(syslog.tlsPort(), certificate)) {
            assertThat(syslog.tcpPort()).isEqualTo(-1);
            write(socket, octetCounted(COUNTED) + LINE + "\n");
            List<JsonNode> events = awaitEvents(intake, 2);
            assertThat(events.get(0).get("processname").asText()).isEqualTo("payments");
            assertThat(events.get(0).get("summary").asText()).isEqualTo("refund failed");
            assertThat(events.get(1).get("processname").asText()).isEqualTo("cron");
            assertThat(events.get(1).get("summary").asText()).isEqualTo("newline framed");
            assertThat(syslog.metrics().accepted()).isEqualTo(2);
        }
    }

    @Test
    void plainTextOnTheTlsPortIsNotJournaled() throws Exception {
        SelfSignedCertificate certificate = SelfSignedCertificate.create(dir, "syslog");
        try (IntakeFixture intake = new IntakeFixture(dir, IntakeFixture.DEFAULTS);
                SyslogServer syslog = start(intake, certificate.cert(), certificate.key());
                Socket plain = new Socket(InetAddress.getLoopbackAddress(), syslog.tlsPort())) {
            plain.setSoTimeout(30_000);
            write(plain, LINE + "\n");
            // The server gives up on the handshake: an alert, then the end of the stream.
            while (plain.getInputStream().read() != -1) {
                // the TLS alert's bytes
            }
            // A real client afterwards is served, and only its message is in the journal.
            try (SSLSocket tls = connect(syslog.tlsPort(), certificate)) {
                write(tls, LINE.replace("newline framed", "after the plain one") + "\n");
                assertThat(awaitEvents(intake, 1).getFirst().get("summary").asText()).isEqualTo("after the plain one");
            }
        }
    }

    @Test
    void aRenewedCertificateIsServedWithoutRestartAndOpenConnectionsGoOn() throws Exception {
        SelfSignedCertificate first = SelfSignedCertificate.create(dir, "first");
        SelfSignedCertificate second = SelfSignedCertificate.create(dir, "second");
        Path cert = dir.resolve("server.crt");
        Path key = dir.resolve("server.key");
        first.installAt(cert, key);
        try (IntakeFixture intake = new IntakeFixture(dir, IntakeFixture.DEFAULTS);
                SyslogServer syslog = start(intake, cert, key);
                SSLSocket before = connect(syslog.tlsPort(), first)) {
            assertThat(peer(before)).isEqualTo(first.certificate());
            second.installAt(cert, key);
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
                try (SSLSocket after = connect(syslog.tlsPort(), first, second)) {
                    assertThat(peer(after)).isEqualTo(second.certificate());
                }
            });
            // A client that trusts only the old certificate is now refused.
            assertThatThrownBy(() -> connect(syslog.tlsPort(), first).close()).isInstanceOf(IOException.class);
            write(before, LINE + "\n");
            assertThat(awaitEvents(intake, 1).getFirst().get("summary").asText()).isEqualTo("newline framed");
        }
    }

    @Test
    void opensslAsAnOutsideClient() throws Exception {
        SelfSignedCertificate certificate = SelfSignedCertificate.create(dir, "syslog");
        Path messages = dir.resolve("messages");
        Files.writeString(messages, octetCounted(COUNTED) + LINE + "\n");
        try (IntakeFixture intake = new IntakeFixture(dir, IntakeFixture.DEFAULTS);
                SyslogServer syslog = start(intake, certificate.cert(), certificate.key())) {
            // -verify_return_error: openssl checks the certificate like a syslog daemon would, and stops if it fails.
            ShipperProcesses.run(dir, Duration.ofSeconds(60), List.of("sh", "-c", "openssl s_client -quiet -no_ign_eof"
                    + " -connect 127.0.0.1:" + syslog.tlsPort() + " -CAfile " + certificate.cert()
                    + " -verify_return_error < " + messages));
            assertThat(awaitEvents(intake, 2)).extracting(e -> e.get("summary").asText())
                    .containsExactly("refund failed", "newline framed");
        }
    }

    private static Certificate peer(SSLSocket socket) throws Exception {
        return socket.getSession().getPeerCertificates()[0];
    }
}
