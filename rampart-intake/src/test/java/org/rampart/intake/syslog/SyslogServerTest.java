package org.rampart.intake.syslog;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rampart.intake.http.IntakeFixture;
import org.rampart.intake.http.IntakeSink;
import org.rampart.intake.http.ShipperProcesses;
import org.rampart.intake.journal.EventIds;

/** A real syslog listener over a real journal, fed by util-linux {@code logger} and by raw sockets. */
class SyslogServerTest {
    private static final int MAX_EVENT_SIZE = 2048;

    @TempDir
    Path dir;

    private static SyslogServer start(IntakeFixture intake, long maxUnconsumed, int maxConnections) throws IOException {
        return SyslogServer.start(new SyslogSettings("127.0.0.1", 0, 0, null, null, MAX_EVENT_SIZE, maxUnconsumed, maxConnections,
                ZoneOffset.UTC), IntakeSink.of(intake.journal), new EventIds(Clock.systemUTC()), Clock.systemUTC(),
                new SimpleMeterRegistry());
    }

    private static List<JsonNode> awaitEvents(IntakeFixture intake, int count) {
        List<JsonNode> events = new ArrayList<>();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            events.addAll(intake.newEvents());
            assertThat(events).hasSize(count);
        });
        return events;
    }

    private void logger(int port, String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of(ShipperProcesses.find("logger").toString(),
                "--server", "127.0.0.1", "--port", Integer.toString(port)));
        command.addAll(List.of(options));
        ShipperProcesses.run(dir, Duration.ofSeconds(30), command);
    }

    @Test
    void loggerOverTcpAndUdpInBothFormats() throws Exception {
        assumeTrue(ShipperProcesses.installed("logger"), "util-linux logger is not installed");
        try (IntakeFixture intake = new IntakeFixture(dir, IntakeFixture.DEFAULTS);
                SyslogServer syslog = start(intake, 64L << 20, 16)) {
            logger(syslog.tcpPort(), "--tcp", "--rfc5424", "--octet-count", "-t", "payments", "--id=4242",
                    "-p", "local3.warning", "--sd-id", "order@32473", "--sd-param", "amount=\"12\"", "refund failed");
            JsonNode counted = awaitEvents(intake, 1).getFirst();
            assertThat(counted.get("processname").asText()).isEqualTo("payments");
            assertThat(counted.get("processid").asText()).isEqualTo("4242");
            assertThat(counted.get("severity").asText()).isEqualTo("WARNING");
            assertThat(counted.get("facility").asText()).isEqualTo("local3");
            assertThat(counted.get("summary").asText()).isEqualTo("refund failed");
            assertThat(counted.get("details").get("order@32473").get("amount").asText()).isEqualTo("12");
            assertThat(counted.get("utctimestamp").asText()).endsWith("+00:00");
            assertThat(counted.get("hostname").asText()).isNotBlank().isNotEqualTo("127.0.0.1");

            logger(syslog.tcpPort(), "--tcp", "--rfc3164", "-t", "cron", "-p", "cron.info", "newline framed");
            logger(syslog.udpPort(), "--udp", "--rfc3164", "-t", "kernel", "-p", "daemon.err", "over udp");
            logger(syslog.udpPort(), "--udp", "--rfc5424", "-t", "sshd", "-p", "authpriv.notice", "udp 5424");
            List<JsonNode> events = awaitEvents(intake, 3);
            assertThat(events).extracting(e -> e.get("summary").asText())
                    .containsExactlyInAnyOrder("newline framed", "over udp", "udp 5424");
            assertThat(events).extracting(e -> e.get("processname").asText() + "/" + e.get("severity").asText()
                    + "/" + e.get("facility").asText())
                    .containsExactlyInAnyOrder("cron/INFO/cron", "kernel/ERR/daemon", "sshd/NOTICE/authpriv");
            assertThat(syslog.metrics().accepted()).isEqualTo(4);
        }
    }

    @Test
    void badAndOversizedInputIsKeptAndCountedNotDropped() throws Exception {
        try (IntakeFixture intake = new IntakeFixture(dir, IntakeFixture.DEFAULTS);
                SyslogServer syslog = start(intake, 64L << 20, 16)) {
            send(syslog.tcpPort(), "not syslog at all\n<14>Dec  6 08:00:00 web01 app: " + "x".repeat(5000)
                    + "\n<14>Dec  6 08:00:00 web01 app: last line without newline");
            List<JsonNode> events = awaitEvents(intake, 3);
            assertThat(events.get(0).get("summary").asText()).isEqualTo("not syslog at all");
            assertThat(events.get(0).get("details").get("syslogerror").asText()).contains("PRI");
            assertThat(events.get(0).get("hostname").asText()).isEqualTo("127.0.0.1");
            assertThat(events.get(1).get("details").get("truncated").asBoolean()).isTrue();
            assertThat(events.get(1).toString().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(MAX_EVENT_SIZE);
            assertThat(events.get(2).get("summary").asText()).isEqualTo("last line without newline");
            assertThat(syslog.metrics().rejected("unparsed")).isEqualTo(1);
            assertThat(syslog.metrics().rejected("truncated")).isEqualTo(1);
        }
    }

    @Test
    void whileTheJournalIsFullTheConnectionIsNotReadAndNothingIsLost() throws Exception {
        try (IntakeFixture intake = new IntakeFixture(dir, IntakeFixture.DEFAULTS);
                SyslogServer syslog = start(intake, 1, 16);
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), syslog.tcpPort())) {
            OutputStream out = socket.getOutputStream();
            out.write("<14>Dec  6 08:00:00 web01 app: first\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            awaitEvents(intake, 1);
            // Now more than max_unconsumed (1 byte) waits for the pipeline: the next message waits with it.
            out.write("<14>Dec  6 08:00:00 web01 app: second\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(intake.newEvents()).isEmpty());
            intake.journal.checkpoint(intake.journal.durablePosition()); // the pipeline caught up
            assertThat(awaitEvents(intake, 1).getFirst().get("summary").asText()).isEqualTo("second");
            assertThat(syslog.metrics().rejected("dropped")).isZero();
        }
    }

    @Test
    void udpMessagesWhileTheJournalIsFullAreDroppedAndCounted() throws Exception {
        try (IntakeFixture intake = new IntakeFixture(dir, IntakeFixture.DEFAULTS);
                SyslogServer syslog = start(intake, 1, 16);
                DatagramSocket socket = new DatagramSocket()) {
            sendDatagram(socket, syslog.udpPort(), "<14>Dec  6 08:00:00 web01 app: first");
            awaitEvents(intake, 1);
            sendDatagram(socket, syslog.udpPort(), "<14>Dec  6 08:00:00 web01 app: second");
            await().atMost(Duration.ofSeconds(30)).until(() -> syslog.metrics().rejected("dropped") == 1);
            assertThat(intake.newEvents()).isEmpty();
        }
    }

    private static void sendDatagram(DatagramSocket socket, int port, String message) throws IOException {
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        socket.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), port));
    }

    @Test
    void connectionsOverTheLimitAreClosed() throws Exception {
        try (IntakeFixture intake = new IntakeFixture(dir, IntakeFixture.DEFAULTS);
                SyslogServer syslog = start(intake, 64L << 20, 1);
                Socket first = new Socket(InetAddress.getLoopbackAddress(), syslog.tcpPort())) {
            first.getOutputStream().write("<14>Dec  6 08:00:00 web01 app: held\n".getBytes(StandardCharsets.UTF_8));
            awaitEvents(intake, 1);
            try (Socket second = new Socket(InetAddress.getLoopbackAddress(), syslog.tcpPort())) {
                second.setSoTimeout(30_000);
                assertThat(second.getInputStream().read()).isEqualTo(-1);
            }
            assertThat(syslog.metrics().rejected("too_many_connections")).isEqualTo(1);
        }
    }

    private static void send(int port, String text) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        }
    }
}
