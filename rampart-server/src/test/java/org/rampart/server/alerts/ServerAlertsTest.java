package org.rampart.server.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rampart.alerts.rules.StreamingAlerts;
import org.rampart.event.config.RampartConfig;
import org.rampart.query.SearchQuery;
import org.rampart.query.Hit;
import org.rampart.query.TermMatch;
import org.rampart.server.demo.DemoTraffic;
import org.rampart.server.run.RampartServer;

/** Alerts inside a real server: the demo traffic makes a bundled alert fire, and streaming rules alert per event. */
class ServerAlertsTest {
    private static final List<String> ALERTS = List.of("alerts");

    @TempDir
    Path data;

    private RampartServer start(Map<String, String> extra) {
        Map<String, String> overrides = new java.util.HashMap<>(Map.of(
                "data.dir", data.toString(), "intake.port", "0", "rest.port", "0", "web.port", "0"));
        overrides.putAll(extra);
        return RampartServer.start(RampartConfig.load(null, Map.of()).with(overrides));
    }

    @Test
    void demoTrafficMakesBundledAlertsFireAndTheAlertsAreSearchable() {
        try (RampartServer server = start(Map.of())) {
            URI bulk = URI.create("http://" + server.bindAddress() + ":" + server.intakePort() + "/_bulk");
            DemoTraffic.Summary sent = new DemoTraffic(bulk).send(1_000, Duration.ofSeconds(2));
            assertThat(sent.accepted()).isEqualTo(1_000);

            // The schedule runs them each minute; running them now is the same run without the wait. Whichever
            // runs first saves the alert (and tags the events, so the other finds nothing new).
            for (String name : List.of("bruteforce_ssh.AlertBruteforceSsh", "duo_authfail.AlertDuoAuthFail",
                    "promisc_audit.PromiscAudit")) {
                SearchQuery saved = SearchQuery.all().addMust(new TermMatch("classname", name.substring(name.indexOf('.') + 1)));
                await(name).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                    server.alerts().runNow(name);
                    server.store().refresh();
                    return server.store().count(saved, ALERTS) > 0;
                });
            }

            List<Hit> saved = server.store().search(
                    SearchQuery.all().addMust(new TermMatch("classname", "AlertBruteforceSsh")), ALERTS, 100).hits();
            assertThat(saved).isNotEmpty();
            ObjectNode alert = saved.getFirst().source();
            assertThat(alert.path("summary").asText()).contains("ssh bruteforce attempts by");
            assertThat(alert.path("category").asText()).isEqualTo("bruteforce");
            assertThat(alert.path("events").size()).isBetween(1, 10);
            // How a user lists them (what `./rampart demo` prints).
            String listed = search("--index", "alerts", "status:manual", "--minutes", "10", "--url",
                    "http://127.0.0.1:" + server.restPort(), "--token", server.apiToken());
            assertThat(listed).contains("ssh bruteforce attempts by").contains("Duo Authentication Failure")
                    .contains("Promiscuous mode enabled on db3.example.com");
            for (String classname : List.of("AlertDuoAuthFail", "PromiscAudit")) {
                assertThat(server.store().count(SearchQuery.all().addMust(new TermMatch("classname", classname)), ALERTS))
                        .as(classname).isPositive();
            }
        }
    }

    @Test
    void aStreamingRuleAlertsOnTheStoredEventWithoutWaitingForASchedule() throws Exception {
        Path rules = Files.createDirectories(data.resolve("alerts/rules"));
        Files.writeString(rules.resolve("root_su.json"), """
                {"search_string": "summary:\\"su root\\"", "filters": [], "aggregation_key": "hostname",
                 "time_window": 5, "num_samples": 1, "num_aggregations": 1, "alert_category": "access",
                 "alert_tags": ["su"], "alert_severity": "WARNING", "alert_summary": "su to root", "alert_url": "", "streaming": true}""");
        try (RampartServer server = start(Map.of())) {
            HttpResponse<String> reply = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://" + server.bindAddress() + ":" + server.intakePort() + "/events"))
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"summary\": \"user alice ran su root\", \"hostname\": \"db1\", \"category\": \"syslog\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(reply.statusCode() / 100).isEqualTo(2);

            SearchQuery query = SearchQuery.all().addMust(new TermMatch("classname", "AlertGenericLoader:root_su"));
            // Searchable without anyone refreshing: the alert is not left to the periodic refresh.
            await().atMost(Duration.ofSeconds(20)).until(() -> server.store().count(query, ALERTS) == 1);
            Hit saved = server.store().search(query, ALERTS, 1).hits().getFirst();
            ObjectNode alert = saved.source();
            assertThat(alert.path("summary").asText()).isEqualTo("su to root (1): db1 [db1]");
            String eventId = alert.at("/events/0/documentid").asText();
            ObjectNode event = await().atMost(Duration.ofSeconds(20))
                    .until(() -> server.store().get("events-weekly", eventId), java.util.Optional::isPresent).orElseThrow().source();
            assertThat(event.path("alert_names").toString()).contains("AlertGenericLoader:root_su");
            assertThat(event.at("/alerts/0/id").asText()).isEqualTo(saved.id());
            server.store().refresh();
            // The tagged event replaced the stored one instead of adding a copy.
            assertThat(server.store().count(SearchQuery.all().addMust(new TermMatch("hostname", "db1")),
                    List.of("events-weekly"))).isEqualTo(1);
            // Counted where the health page will read it (the count follows the save and refresh).
            await().atMost(Duration.ofSeconds(20)).until(() -> server.alerts().streamingStats().pending() == 0);
            assertThat(server.alerts().streamingStats()).isEqualTo(new StreamingAlerts.Stats(1, 1, 0, 0, 0));
        }
    }

    private static String search(String... args) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.PrintStream old = System.out;
        System.setOut(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            String[] command = new String[args.length + 1];
            command[0] = "search";
            System.arraycopy(args, 0, command, 1, args.length);
            assertThat(new picocli.CommandLine(new org.rampart.server.cli.RampartCommand()).execute(command)).isZero();
        } finally {
            System.setOut(old);
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }
}
