package org.rampart.intake.syslog;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rampart.intake.http.IntakeFixture;
import org.rampart.intake.http.IntakeSink;
import org.rampart.intake.http.ShipperProcesses;
import org.rampart.intake.journal.EventIds;

/**
 * rsyslog relays to the syslog listener with omfwd, the way a site's existing syslog servers would: its own rsyslogd
 * process (config, pid and work folders in a temporary folder) takes lines on imtcp and forwards each three ways:
 * TCP octet-counted RFC 5424, TCP newline-framed legacy format, and UDP.
 */
class RsyslogForwardingTest {
    private static final int MESSAGES = 20;

    @TempDir
    Path dir;

    @Test
    void forwardedMessagesArriveWithTheirHeaderFieldsOverEveryFraming() throws Exception {
        assumeTrue(ShipperProcesses.installed("rsyslogd"), "rsyslogd is not installed (apt-get install rsyslog)");
        try (IntakeFixture intake = new IntakeFixture(dir, IntakeFixture.DEFAULTS);
                SyslogServer syslog = SyslogServer.start(new SyslogSettings("127.0.0.1", 0, 0, null, null, 64 * 1024, 64L << 20, 16,
                        ZoneOffset.UTC), IntakeSink.of(intake.journal), new EventIds(Clock.systemUTC()), Clock.systemUTC(),
                new SimpleMeterRegistry())) {
            int inputPort = ShipperProcesses.freePort();
            Path config = dir.resolve("rsyslog.conf");
            Files.createDirectories(dir.resolve("work"));
            Files.writeString(config, """
                    global(workDirectory="%s")
                    module(load="imtcp")
                    input(type="imtcp" address="127.0.0.1" port="%d" ruleset="relay")
                    ruleset(name="relay") {
                      action(type="omfwd" target="127.0.0.1" port="%d" protocol="tcp" TCP_Framing="octet-counted"
                             template="RSYSLOG_SyslogProtocol23Format")
                      action(type="omfwd" target="127.0.0.1" port="%d" protocol="tcp" template="RSYSLOG_ForwardFormat")
                      action(type="omfwd" target="127.0.0.1" port="%d" protocol="udp" template="RSYSLOG_ForwardFormat")
                    }
                    """.formatted(dir.resolve("work"), inputPort, syslog.tcpPort(), syslog.tcpPort(), syslog.udpPort()));
            Process rsyslog = ShipperProcesses.start(dir, dir.resolve("rsyslogd.log"), List.of(
                    ShipperProcesses.find("rsyslogd").toString(), "-n", "-f", config.toString(),
                    "-i", dir.resolve("rsyslogd.pid").toString()));
            try {
                ShipperProcesses.sendSyslog(inputPort, IntStream.range(0, MESSAGES)
                        .mapToObj(i -> "<131>Dec  6 08:00:00 web01 app[123]: hello " + i).toList());

                List<JsonNode> events = new ArrayList<>();
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    events.addAll(intake.newEvents());
                    assertThat(events).hasSize(3 * MESSAGES);
                });
                assertThat(events).extracting(e -> e.get("summary").asText()).containsExactlyInAnyOrderElementsOf(
                        IntStream.range(0, 3 * MESSAGES).mapToObj(i -> "hello " + i % MESSAGES).toList());
                assertThat(events).allSatisfy(e -> {
                    assertThat(e.get("hostname").asText()).isEqualTo("web01");
                    assertThat(e.get("processname").asText()).isEqualTo("app");
                    assertThat(e.get("processid").asText()).isEqualTo("123");
                    assertThat(e.get("severity").asText()).isEqualTo("ERR");
                    assertThat(e.get("facility").asText()).isEqualTo("local0");
                    assertThat(e.get("utctimestamp").asText()).contains("-12-06T08:00:00");
                    assertThat(e.get("details").has("syslogerror")).isFalse();
                });
                assertThat(syslog.metrics().accepted()).isEqualTo(3 * MESSAGES);
            } finally {
                ShipperProcesses.stop(rsyslog);
            }
        }
    }
}
