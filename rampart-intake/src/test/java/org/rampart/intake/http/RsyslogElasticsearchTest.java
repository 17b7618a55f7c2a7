package org.rampart.intake.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
        assumeTrue(ShipperProcesses.installed("rsyslogd") && Files.exists(MODULE),
                "rsyslogd with omelasticsearch is not installed (apt-get install rsyslog-elasticsearch)");
        try (IntakeFixture intake = new IntakeFixture(dir, IntakeFixture.withMaxEventSize(300))) {
            int syslogPort = ShipperProcesses.freePort();
            Path errorFile = dir.resolve("es-errors.json");
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
                      action(type="omelasticsearch" server="127.0.0.1" serverport="%d" usehttps="off"
                             template="mozdef" searchIndex="events" bulkmode="on" errorFile="%s")
                    }
                    """.formatted(dir.resolve("work"), syslogPort, intake.server.port(), errorFile));
            Process rsyslog = ShipperProcesses.start(dir, dir.resolve("rsyslogd.log"), List.of(
                    ShipperProcesses.find("rsyslogd").toString(), "-n", "-f", config.toString(),
                    "-i", dir.resolve("rsyslogd.pid").toString()));
            try {
                ShipperProcesses.sendSyslog(syslogPort, SyslogLines.HELLOS_AND_ONE_TOO_LARGE);

                SyslogLines.assertHellosArrive(intake);
                // rsyslog read the reply's items: the oversized message is in its error file with Rampart's reason.
                await().atMost(Duration.ofSeconds(30)).untilAsserted(
                        () -> assertThat(errorFile).exists().content().contains("intake.max_event_size"));
            } finally {
                ShipperProcesses.stop(rsyslog);
            }
        }
    }
}
