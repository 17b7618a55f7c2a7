package org.rampart.intake.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rampart.http.testing.SelfSignedCertificate;
import org.rampart.http.tls.TlsFiles;

/**
 * rsyslog's Elasticsearch output ({@code omelasticsearch}, Debian package rsyslog-elasticsearch, which .ci/run
 * installs) ships syslog messages to a real intake: its own rsyslogd process with its own config, pid and work
 * folders, listening on a free port, never the system's syslog.
 */
class RsyslogElasticsearchTest {
    private static final Path MODULE = Path.of("/usr/lib/x86_64-linux-gnu/rsyslog/omelasticsearch.so");

    @TempDir
    Path dir;

    @Test
    void messagesArriveAsEventsAndARefusedOneLandsInTheErrorFile() throws Exception {
        assumeRsyslog();
        try (IntakeFixture intake = new IntakeFixture(dir, IntakeFixture.withMaxEventSize(300))) {
            Path errorFile = dir.resolve("es-errors.json");
            ship(intake, "server=\"127.0.0.1\" usehttps=\"off\" errorFile=\"" + errorFile + "\"", () -> {
                SyslogLines.assertHellosArrive(intake);
                // rsyslog read the reply's items: the oversized message is in its error file with Rampart's reason.
                await().atMost(Duration.ofSeconds(30)).untilAsserted(
                        () -> assertThat(errorFile).exists().content().contains("intake.max_event_size"));
            });
        }
    }

    /** Over HTTPS, with its own intake token as the Basic auth password (rsyslog's uid/pwd): the events name it. */
    @Test
    void shipsOverHttpsWithItsSourceTokenAsBasicAuthPassword() throws Exception {
        assumeRsyslog();
        SelfSignedCertificate certificate = SelfSignedCertificate.create(dir, "intake");
        IntakeSettings d = IntakeFixture.withMaxEventSize(300);
        IntakeSettings secured = new IntakeSettings(d.bind(), 0, d.maxBodySize(), d.maxEventSize(), d.maxBulkDocuments(),
                null, d.maxUnconsumed(), d.maxInFlight(), d.maxInFlightPerClient(), d.minBodyRate(), d.retryAfter(),
                Map.of("rsyslog", "rs-secret", "other", "other-secret"),
                new TlsFiles(certificate.cert(), certificate.key(), Duration.ofSeconds(10)));
        try (IntakeFixture intake = new IntakeFixture(dir, secured)) {
            ship(intake, "server=\"localhost\" usehttps=\"on\" tls.cacert=\"" + certificate.cert()
                    + "\" uid=\"rsyslog\" pwd=\"rs-secret\"", () -> {
                List<JsonNode> events = new ArrayList<>();
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    events.addAll(intake.newEvents());
                    assertThat(events).hasSize(20);
                });
                assertThat(events).allSatisfy(e -> assertThat(e.path("intakesource").asText()).isEqualTo("rsyslog"));
            });
        }
    }

    private static void assumeRsyslog() {
        assumeTrue(ShipperProcesses.installed("rsyslogd") && Files.exists(MODULE),
                "rsyslogd with omelasticsearch is not installed (apt-get install rsyslog-elasticsearch)");
    }

    /** Runs rsyslogd shipping {@link SyslogLines#HELLOS_AND_ONE_TOO_LARGE} to the intake, then {@code check}. */
    private void ship(IntakeFixture intake, String connection, ThrowingRunnable check) throws Exception {
        int syslogPort = ShipperProcesses.freePort();
        Path config = dir.resolve("rsyslog.conf");
        Files.createDirectories(dir.resolve("work"));
        Files.writeString(config, """
                global(workDirectory="%s")
                module(load="imtcp")
                module(load="omelasticsearch")
                input(type="imtcp" address="127.0.0.1" port="%d" ruleset="ship")
                template(name="mozdef" type="list" option.jsonf="on") {
                  property(outname="summary" name="msg" format="jsonf")
                  property(outname="hostname" name="hostname" format="jsonf")
                  property(outname="processname" name="programname" format="jsonf")
                  property(outname="severity" name="syslogseverity-text" caseConversion="upper" format="jsonf")
                  property(outname="timestamp" name="timereported" dateFormat="rfc3339" format="jsonf")
                }
                ruleset(name="ship") {
                  action(type="omelasticsearch" %s serverport="%d"
                         template="mozdef" searchIndex="events" bulkmode="on")
                }
                """.formatted(dir.resolve("work"), syslogPort, connection, intake.server.port()));
        Process rsyslog = ShipperProcesses.start(dir, dir.resolve("rsyslogd.log"), List.of(
                ShipperProcesses.find("rsyslogd").toString(), "-n", "-f", config.toString(),
                "-i", dir.resolve("rsyslogd.pid").toString()));
        try {
            ShipperProcesses.sendSyslog(syslogPort, SyslogLines.HELLOS_AND_ONE_TOO_LARGE);
            check.run();
        } finally {
            ShipperProcesses.stop(rsyslog);
        }
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }
}
