package org.rampart.server.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rampart.event.config.RampartConfig;
import org.rampart.event.extension.Extensions;
import org.rampart.store.lucene.LuceneEventStore;

/** What {@link AlertRuntime} makes of the {@code alerts.*} keys. */
class AlertRuntimeTest {
    @TempDir
    Path dir;

    private RampartConfig config(Map<String, String> overrides) {
        Map<String, String> all = new java.util.HashMap<>(Map.of("data.dir", dir.toString()));
        all.putAll(overrides);
        return RampartConfig.load(null, Map.of()).with(all);
    }

    @Test
    void aScheduleFileReplacesTheBundledOneAndGenericRulesJoinIt() throws Exception {
        Files.writeString(dir.resolve("alerts.yml"), "alerts:\n  bruteforce_ssh.AlertBruteforceSsh: \"*/5 * * * *\"\n");
        Path rules = Files.createDirectories(dir.resolve("alerts/rules"));
        Files.writeString(rules.resolve("fails.json"), """
                {"search_string": "summary:failed", "filters": [], "aggregation_key": "hostname", "time_window": 5,
                 "num_samples": 1, "num_aggregations": 2, "alert_category": "x", "alert_tags": [],
                 "alert_severity": "INFO", "alert_summary": "fails", "alert_url": ""}""");

        RampartConfig config = config(Map.of("alerts.schedule_file", dir.resolve("alerts.yml").toString(),
                "alerts.rules_schedule", "*/2 * * * *"));

        assertThat(AlertRuntime.schedules(config)).containsExactly(
                Map.entry("bruteforce_ssh.AlertBruteforceSsh", "*/5 * * * *"),
                Map.entry("AlertGenericLoader:fails", "*/2 * * * *"));
        try (LuceneEventStore store = LuceneEventStore.open(dir.resolve("store"), Clock.systemUTC());
             AlertRuntime runtime = AlertRuntime.create(config, Extensions.bundled(), store, Clock.systemUTC(), true)) {
            assertThat(runtime.scheduler().schedules()).extracting(s -> s.name())
                    .containsExactly("bruteforce_ssh.AlertBruteforceSsh", "AlertGenericLoader:fails");
            assertThat(runtime.runNow("AlertGenericLoader:fails")).isEmpty();
            assertThatThrownBy(() -> runtime.runNow("nope.NoSuchAlert")).hasMessageContaining("no alert named");
        }
    }

    @Test
    void theBundledSchedulesAreUsedByDefault() {
        assertThat(AlertRuntime.schedules(config(Map.of()))).containsEntry("bruteforce_ssh.AlertBruteforceSsh", "*/1 * * * *")
                .containsEntry("old_events.OldEvents", "0 * * * *");
    }

    @Test
    void suppressionItemsAreClassnameEqualsMinutes() {
        assertThat(AlertRuntime.suppression(List.of("AlertBruteforceSsh=30", " AlertDuoAuthFail = 5 ")))
                .containsExactly(Map.entry("AlertBruteforceSsh", Duration.ofMinutes(30)),
                        Map.entry("AlertDuoAuthFail", Duration.ofMinutes(5)));
        for (String bad : List.of("AlertBruteforceSsh", "=30", "AlertBruteforceSsh=-1", "AlertBruteforceSsh=soon")) {
            assertThatThrownBy(() -> AlertRuntime.suppression(List.of(bad)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("alerts.suppress_minutes");
        }
    }
}
