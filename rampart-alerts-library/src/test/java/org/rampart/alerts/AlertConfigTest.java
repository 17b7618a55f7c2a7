package org.rampart.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlertConfigTest {

    @Test
    void iniValuesFollowConfigobj() {
        Map<String, String> options = AlertConfig.parseIniOptions("""
                [other]
                severity = ignored
                [options]
                # a comment
                severity = 'WARNING'
                hosts = a, b ,c
                skiphosts = 11.22.33.44 55.66.77.88
                url = https://example.org # inline comment
                quoted = "x, y"
                """);
        assertThat(options).containsEntry("severity", "WARNING")
                .containsEntry("hosts", "a,b,c")
                .containsEntry("skiphosts", "11.22.33.44 55.66.77.88")
                .containsEntry("url", "https://example.org")
                .containsEntry("quoted", "x, y");
    }

    @Test
    void directoryWinsOverBundledAndEnvironmentWinsOverBoth(@TempDir Path dir) throws IOException {
        AlertConfig bundled = new AlertConfig(null, key -> null);
        assertThat(bundled.parseConfig("deadman.conf", "hosts", "nokey")).containsEntry("hosts", "host1").containsEntry("nokey", "");

        Files.writeString(dir.resolve("deadman.conf"), "[options]\nhosts = h1,h2\nseverity = ERROR\n");
        AlertConfig overridden = new AlertConfig(dir, key -> key.equals("OPTIONS_SEVERITY") ? "CRITICAL" : null);
        assertThat(overridden.parseConfig("deadman.conf", "hosts", "severity"))
                .containsEntry("hosts", "h1,h2").containsEntry("severity", "CRITICAL");
    }

    @Test
    void jsonConfigsAllowComments(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("x.json"), "{\n // why\n \"a\": 1,\n}\n");
        assertThat(new AlertConfig(dir, key -> null).parseJsonAlertConfig("x.json").path("a").asInt()).isEqualTo(1);
        assertThat(AlertConfig.bundled().parseJsonAlertConfig("geomodel_location.json").path("severity").asText()).isEqualTo("INFO");
    }

    @Test
    void configNamesCannotLeaveTheDirectory(@TempDir Path dir) {
        AlertConfig config = new AlertConfig(dir, key -> null);
        assertThatThrownBy(() -> config.parseConfig("../etc/passwd", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> config.parseJsonAlertConfig("missing.json")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("missing.json");
    }
}
