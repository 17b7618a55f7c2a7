package org.rampart.server.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rampart.event.config.RampartConfig;
import org.rampart.intake.http.ShipperProcesses;
import org.rampart.query.Hit;
import org.rampart.query.SearchQuery;
import org.rampart.query.TermMatch;

/** The whole way: util-linux logger → the server's syslog listener → journal → pipeline → searchable in the store. */
class SyslogToStoreTest {
    @TempDir
    Path data;

    @Test
    void loggerMessagesAreSearchableWithTheirSyslogFields() throws Exception {
        assumeTrue(ShipperProcesses.installed("logger"), "util-linux logger is not installed");
        int tcpPort = RampartProcess.freePort();
        int udpPort = RampartProcess.freePort();
        try (RampartServer server = RampartServer.start(RampartConfig.load(null, Map.of()).with(Map.of(
                "data.dir", data.toString(), "intake.port", "0", "rest.port", "0", "web.port", "0",
                "syslog.tcp_port", Integer.toString(tcpPort), "syslog.udp_port", Integer.toString(udpPort))))) {
            assertThat(server.syslog().tcpPort()).isEqualTo(tcpPort);
            ShipperProcesses.run(data, Duration.ofSeconds(30), List.of(ShipperProcesses.find("logger").toString(),
                    "--server", "127.0.0.1", "--port", Integer.toString(tcpPort), "--tcp", "--rfc5424", "--octet-count",
                    "-t", "sshd", "--id=777", "-p", "authpriv.warning", "Failed password for root from 198.51.100.7"));

            SearchQuery sshd = SearchQuery.all().addMust(new TermMatch("processname", "sshd"));
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
                server.store().refresh();
                return server.store().count(sshd, List.of("events")) == 1;
            });
            Hit hit = server.store().search(sshd, List.of("events"), 1).hits().getFirst();
            ObjectNode event = hit.source();
            assertThat(event.path("summary").asText()).isEqualTo("Failed password for root from 198.51.100.7");
            assertThat(event.path("processid").asText()).isEqualTo("777");
            assertThat(event.path("severity").asText()).isEqualTo("WARNING");
            assertThat(event.path("facility").asText()).isEqualTo("authpriv");
            assertThat(event.path("category").asText()).isEqualTo("syslog");
            assertThat(event.path("hostname").asText()).isNotBlank();
            assertThat(event.path("details").path("timeQuality").path("tzKnown").asText()).isEqualTo("1");
        }
    }

    @Test
    void anUnknownTimezoneStopsTheStartWithTheKeyNamed() {
        assertThatThrownBy(() -> RampartServer.start(RampartConfig.load(null, Map.of()).with(Map.of(
                "data.dir", data.toString(), "intake.port", "0", "rest.port", "0", "syslog.tcp_port", "0",
                "syslog.udp_port", "0", "syslog.timezone", "Mars/Olympus"))))
                .hasMessageContaining("syslog.timezone").hasMessageContaining("Mars/Olympus");
    }

    @Test
    void aTlsPortWithoutACertificateStopsTheStartSayingWhatToSet() {
        assertThatThrownBy(() -> RampartServer.start(RampartConfig.load(null, Map.of()).with(Map.of(
                "data.dir", data.toString(), "intake.port", "0", "rest.port", "0",
                "syslog.tls_port", Integer.toString(RampartProcess.freePort())))))
                .hasMessageContaining("syslog.tls_port").hasMessageContaining("tls.cert");
    }
}
