package org.rampart.alerts.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rampart.alerts.AlertEnvironment;
import org.rampart.alerts.actions.AlertAction;
import org.rampart.alerts.actions.AlertActions;
import org.rampart.alerts.plugins.AlertPlugins;
import org.rampart.event.extension.Registration;
import org.rampart.alerts.rules.GenericAlertLoader;
import org.rampart.event.Json;
import org.rampart.event.extension.Extensions;
import org.rampart.query.IndexRequest;
import org.rampart.store.lucene.LuceneEventStore;
import org.rampart.query.contract.MutableClock;

/** Scheduler → alert (a generic rule) on the Lucene store → alert plugins → save → alert actions. */
class ScheduledAlertPipelineTest {

    @TempDir
    Path dir;

    @Test
    void aScheduledRuleFiresIsEnrichedSavedAndHandedToTheActions() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:30Z"));
        Path rules = Files.createDirectories(dir.resolve("rules"));
        Files.writeString(rules.resolve("ssh_failures.json"), """
                {"search_string": "summary:failed", "filters": [["details.program", "sshd"]],
                 "aggregation_key": "details.sourceipaddress", "time_window": 15, "num_samples": 5,
                 "num_aggregations": 2, "alert_category": "bruteforce", "alert_tags": ["ssh"],
                 "alert_severity": "WARNING", "alert_summary": "SSH failures", "alert_url": ""}""");

        List<ObjectNode> delivered = new CopyOnWriteArrayList<>();
        AlertAction collect = new AlertAction() {
            @Override
            public String name() {
                return "collect";
            }

            @Override
            public Registration registration() {
                return Registration.of("alertgenericloader:ssh_failures");
            }

            @Override
            public void deliver(ObjectNode message) {
                delivered.add(message);
            }
        };

        try (LuceneEventStore store = LuceneEventStore.open(dir.resolve("store"), clock);
                AlertActions actions = new AlertActions(List.of(collect), AlertActions.Options.DEFAULTS,
                        dir.resolve("dead-letters.ndjson"), clock)) {
            List<IndexRequest> batch = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                ObjectNode e = Json.object();
                e.put("summary", "Failed password for root");
                e.put("utctimestamp", "2026-11-23T09:59:00+00:00");
                e.put("receivedtimestamp", "2026-11-23T09:59:00+00:00");
                e.putObject("details").put("program", "sshd").put("sourceipaddress", "10.1.1.1");
                batch.add(IndexRequest.append("events", "e" + i, e));
            }
            store.index(batch);
            store.refresh();

            JsonNode sites = Json.MAPPER.readTree("""
                    {"known": [{"range": "10.1.0.0/16", "site": "HQ", "format": "{0} is at {1}"}]}""");
            AlertEnvironment env = AlertEnvironment.builder(store, clock)
                    .reverseDns(ip -> null)
                    .preprocessor(AlertPlugins.load(Extensions.bundled(), List.of("ip_source_enrichment"), name -> sites,
                            AlertPlugins.storeSearch(store), clock))
                    .sink(actions)
                    .build();
            try (AlertScheduler scheduler = new AlertScheduler(clock,
                    AlertRuns.in(env, GenericAlertLoader.load(rules).scheduled()))) {
                scheduler.sync(Map.of("AlertGenericLoader:ssh_failures", "* * * * *"));
                clock.advance(Duration.ofSeconds(30));
                assertThat(scheduler.tick()).containsExactly("AlertGenericLoader:ssh_failures");

                await().atMost(Duration.ofSeconds(10)).until(() -> delivered.size() == 1);
                ObjectNode message = delivered.getFirst();
                assertThat(message.path("_index").asText()).startsWith("alerts-2026");
                assertThat(message.path("_source").path("summary").asText())
                        .isEqualTo("SSH failures (3): 10.1.1.1; 10.1.1.1 is at HQ");
                assertThat(store.get("alerts", message.path("_id").asText())).isPresent();
                // The run records its count after it returns, which is after the actions were handed the alert.
                await().atMost(Duration.ofSeconds(10)).until(() -> scheduler.schedules().getFirst().lastAlerts() == 1);
            }
        }
    }

    @Test
    void everyBundledScheduleNamesAnInstalledAlert() throws Exception {
        Map<String, String> bundled;
        try (var in = AlertRuns.class.getResourceAsStream("/alerts/alerts.yml")) {
            assertThat(in).as("bundled alerts.yml").isNotNull();
            bundled = ScheduleFile.read(in);
        }
        assertThat(bundled).isNotEmpty();
        MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:30Z"));
        try (LuceneEventStore store = LuceneEventStore.open(dir.resolve("store"), clock);
                AlertScheduler scheduler = new AlertScheduler(clock,
                        AlertRuns.in(AlertEnvironment.builder(store, clock).reverseDns(ip -> null).build(), List.of()))) {
            // sync rejects the whole map if any name does not resolve to an alert.
            assertThat(scheduler.sync(bundled)).hasSize(bundled.size());
        }
    }

    @Test
    void theBundledLibraryResolvesByMozDefScheduleKey() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:30Z"));
        try (LuceneEventStore store = LuceneEventStore.open(dir.resolve("store"), clock)) {
            AlertEnvironment env = AlertEnvironment.builder(store, clock).reverseDns(ip -> null).build();
            var runs = AlertRuns.in(env, List.of());
            assertThat(runs.apply("bruteforce_ssh.AlertBruteforceSsh")).isNotNull();
            assertThat(runs.apply("nope.AlertNope")).isNull();
            assertThat(runs.apply("bruteforce_ssh.AlertBruteforceSsh").call()).isEmpty();
        }
    }
}
