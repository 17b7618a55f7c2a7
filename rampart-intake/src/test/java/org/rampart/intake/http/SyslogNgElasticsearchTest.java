package org.rampart.intake.http;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * syslog-ng's {@code elasticsearch-http()} destination (Debian packages syslog-ng-core, syslog-ng-mod-http and
 * syslog-ng-scl, where that destination is defined)
 * ships syslog messages to a real intake, from its own syslog-ng process with its own config, pid, persist and
 * control files on a free port. Runs when syslog-ng is installed: it conflicts with rsyslog, which CI installs
 * instead (docs/intake.md says when this one last ran).
 */
class SyslogNgElasticsearchTest {
    @TempDir
    Path dir;

    @Test
    void messagesArriveAsEvents() throws Exception {
        assumeTrue(ShipperProcesses.installed("syslog-ng"),
                "syslog-ng is not installed (apt-get install syslog-ng-core syslog-ng-mod-http syslog-ng-scl; it replaces rsyslog)");
        try (IntakeFixture intake = new IntakeFixture(dir, IntakeFixture.withMaxEventSize(300))) {
            int syslogPort = ShipperProcesses.freePort();
            Path config = dir.resolve("syslog-ng.conf");
            Files.writeString(config, """
                    @version: 3.38
                    @include "scl.conf"
                    options { stats-freq(0); keep-hostname(yes); };
                    source s_net { network(ip("127.0.0.1") port(%d) transport("tcp")); };
                    destination d_rampart {
                      elasticsearch-http(url("%s") index("events") type("")
                        template("$(format-json summary=$MESSAGE hostname=$HOST processname=$PROGRAM)")
                        batch-lines(5) batch-timeout(200));
                    };
                    log { source(s_net); destination(d_rampart); };
                    """.formatted(syslogPort, intake.url("/_bulk")));
            Process syslogNg = ShipperProcesses.start(dir, dir.resolve("syslog-ng.log"), List.of(
                    ShipperProcesses.find("syslog-ng").toString(), "-F", "-e", "--no-caps", "-f", config.toString(),
                    "-p", dir.resolve("syslog-ng.pid").toString(), "-R", dir.resolve("syslog-ng.persist").toString(),
                    "-c", dir.resolve("syslog-ng.ctl").toString()));
            try {
                ShipperProcesses.sendSyslog(syslogPort, SyslogLines.HELLOS_AND_ONE_TOO_LARGE);

                // syslog-ng looks at the HTTP status only: the batch's 200 covers the refused message too.
                SyslogLines.assertHellosArrive(intake);
            } finally {
                ShipperProcesses.stop(syslogNg);
            }
        }
    }
}
