package org.rampart.alerts.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rampart.alerts.AlertConfig;
import org.rampart.alerts.AlertEnvironment;
import org.rampart.alerts.AlertWriter;
import org.rampart.event.Json;
import org.rampart.query.IndexRequest;
import org.rampart.query.StoredDocument;
import org.rampart.store.lucene.LuceneEventStore;

class GenericRulesTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    static final String RULE = """
            // Root ssh logins failing from one address (hjson-style comments and unquoted keys)
            {
              search_string: "category:syslog AND summary:failed",
              filters: [["details.program", "sshd"]],
              aggregation_key: "details.sourceipaddress",
              time_window: 15,
              num_samples: 2,
              num_aggregations: 2,
              alert_category: "bruteforce",
              alert_tags: ["ssh", "bruteforce"],
              alert_severity: "WARNING",
              alert_summary: "SSH failures",
              alert_url: "https://wiki.example.org/ssh",
              additional_summary_fields: ["details.username"],  # trailing comma and a YAML comment
            }
            """;

    @TempDir
    Path dir;
    private LuceneEventStore store;

    @BeforeEach
    void open() {
        store = LuceneEventStore.open(dir.resolve("store"), CLOCK);
    }

    @AfterEach
    void close() throws Exception {
        store.close();
    }

    static ObjectNode event(String summary, String ip, String user, String host, int minutesAgo) {
        ObjectNode e = Json.object();
        e.put("category", "syslog");
        e.put("summary", summary);
        e.put("hostname", host);
        String t = NOW.minusSeconds(60L * minutesAgo).toString().replace("Z", "+00:00");
        e.put("utctimestamp", t);
        e.put("receivedtimestamp", t);
        ObjectNode details = e.putObject("details");
        details.put("program", "sshd");
        details.put("sourceipaddress", ip);
        details.put("username", user);
        return e;
    }

    private Path ruleFile(String name, String content) throws Exception {
        Path rules = Files.createDirectories(dir.resolve("rules"));
        return Files.writeString(rules.resolve(name + ".json"), content);
    }

    @Test
    void readsMozDefsRuleFormat() throws Exception {
        GenericAlertRule rule = GenericAlertRule.read(ruleFile("ssh_failures", RULE));
        assertThat(rule.name()).isEqualTo("ssh_failures");
        assertThat(rule.classname()).isEqualTo("AlertGenericLoader:ssh_failures");
        assertThat(rule.filters()).extracting(f -> f.getKey() + "=" + f.getValue()).containsExactly("details.program=sshd");
        assertThat(rule.numAggregations()).isEqualTo(2);
        assertThat(rule.tags()).containsExactly("ssh", "bruteforce");
        assertThat(rule.streaming()).isFalse();
        assertThat(rule.query().lookback()).hasValue(java.time.Duration.ofMinutes(15));
    }

    @Test
    void badRulesSayWhatIsWrongAndTheLoaderKeepsTheGoodOnes() throws Exception {
        ruleFile("good", RULE);
        ruleFile("no_key", RULE.replace("aggregation_key: \"details.sourceipaddress\",", ""));
        ruleFile("bad_query", RULE.replace("category:syslog AND summary:failed", "category:(syslog"));
        ruleFile("deep_query", RULE.replace("category:syslog AND summary:failed",
                "(".repeat(16_000) + "category:syslog" + ")".repeat(16_000)));
        ruleFile("bad_stream", RULE.replace("num_samples: 2,", "num_samples: 2, streaming: true,"));
        ruleFile("not_json", "{{{");

        GenericAlertLoader.Rules loaded = GenericAlertLoader.load(dir.resolve("rules"));
        assertThat(loaded.rules()).extracting(GenericAlertRule::name).containsExactly("good");
        assertThat(loaded.problems()).hasSize(5);
        assertThat(String.join("\n", loaded.problems()))
                .contains("no_key.json: \"aggregation_key\" is required")
                .contains("bad_query.json: bad query string")
                .contains("deep_query.json: query nests deeper than 100 levels")
                .contains("bad_stream.json: rule bad_stream: a streaming rule fires on one event")
                .contains("not_json.json");
        assertThat(GenericAlertLoader.load(dir.resolve("absent")).rules()).isEmpty();
    }

    @Test
    void aScheduledRuleAlertsPerGroupOverItsThresholdAndTagsItsEvents() throws Exception {
        List<IndexRequest> batch = new ArrayList<>();
        batch.add(IndexRequest.append("events", "a1", event("Failed password for root", "10.1.1.1", "root", "web1", 1)));
        batch.add(IndexRequest.append("events", "a2", event("Failed password for admin", "10.1.1.1", "admin", "web2", 2)));
        batch.add(IndexRequest.append("events", "a3", event("Failed password for root", "10.1.1.1", "root", "web1", 3)));
        batch.add(IndexRequest.append("events", "b1", event("Failed password for bob", "10.2.2.2", "bob", "web1", 1)));
        batch.add(IndexRequest.append("events", "c1", event("Accepted password for root", "10.1.1.1", "root", "web1", 1)));
        batch.add(IndexRequest.append("events", "old", event("Failed password for root", "10.1.1.1", "root", "web1", 30)));
        store.index(batch);
        store.refresh();

        GenericAlert alert = new GenericAlert(GenericAlertRule.read(ruleFile("ssh_failures", RULE)));
        AlertEnvironment env = AlertEnvironment.builder(store, CLOCK).reverseDns(ip -> null).build();
        List<StoredDocument> alerts = alert.run(env);

        assertThat(alerts).hasSize(1);
        ObjectNode a = alerts.getFirst().source();
        assertThat(a.path("summary").asText())
                .isEqualTo("SSH failures (3): 10.1.1.1 (details.username=root, admin) [web1, web2]");
        assertThat(a.path("classname").asText()).isEqualTo("AlertGenericLoader:ssh_failures");
        assertThat(a.path("severity").asText()).isEqualTo("WARNING");
        assertThat(a.path("url").asText()).isEqualTo("https://wiki.example.org/ssh");
        assertThat(a.path("events")).hasSize(2);
        assertThat(a.path("notify_mozdefbot").asBoolean()).isTrue();

        store.refresh();
        JsonNode tagged = store.get("events", "a3").orElseThrow().source();
        assertThat(tagged.path("alert_names").get(0).asText()).isEqualTo("AlertGenericLoader:ssh_failures");
        assertThat(alert.run(env)).as("events already alerted on are skipped").isEmpty();
    }

    @Test
    void streamingGivesTheAlertTheScheduledRuleGivesForOneEvent() throws Exception {
        String oneEventRule = RULE.replace("num_aggregations: 2,", "num_aggregations: 1,");
        GenericAlertRule scheduledRule = GenericAlertRule.read(ruleFile("one", oneEventRule));
        GenericAlertRule streamingRule = GenericAlertRule.read(ruleFile("one",
                oneEventRule.replace("num_samples: 2,", "num_samples: 2, streaming: true,")));

        ObjectNode e = event("Failed password for root", "10.1.1.1", "root", "web1", 1);
        store.index(List.of(IndexRequest.append("events", "e1", e.deepCopy())));
        store.refresh();
        ObjectNode scheduled = new GenericAlert(scheduledRule)
                .run(AlertEnvironment.builder(store, CLOCK).reverseDns(ip -> null).build()).getFirst().source();

        List<ObjectNode> streamed = new StreamingRules(List.of(streamingRule), CLOCK).match("events-20261123", "e1", e);
        assertThat(streamed).singleElement().satisfies(s -> {
            for (String key : List.of("summary", "category", "tags", "severity", "classname", "url", "channel",
                    "notify_mozdefbot", "status", "utctimestamp")) {
                assertThat(s.get(key)).as(key).isEqualTo(scheduled.get(key));
            }
            assertThat(s.path("events").get(0).path("documentid").asText()).isEqualTo("e1");
        });
        AlertWriter writer = new AlertWriter(AlertEnvironment.builder(store, CLOCK).build());
        writer.saveRaised(writer.raise(streamed.getFirst(), hit("e1", e)));
        assertThat(e.path("alert_names").get(0).asText()).isEqualTo("AlertGenericLoader:one");
    }

    @Test
    void streamingSkipsNonMatchingEventsReplaysAndEventsWithoutTheKey() throws Exception {
        GenericAlertRule rule = GenericAlertRule.read(ruleFile("s", RULE
                .replace("num_aggregations: 2,", "num_aggregations: 1,").replace("num_samples: 2,", "streaming: true, num_samples: 1,")));
        StreamingRules rules = new StreamingRules(List.of(rule), CLOCK);
        AlertWriter writer = new AlertWriter(AlertEnvironment.builder(store, CLOCK).build());

        ObjectNode failed = event("Failed password for root", "10.1.1.1", "root", "web1", 0);
        List<ObjectNode> first = rules.match(null, "h1", failed);
        assertThat(first).hasSize(1);
        writer.saveRaised(writer.raise(first.getFirst(), hit("h1", failed)));
        assertThat(rules.match(null, "h1", failed)).as("a replay of a tagged event").isEmpty();
        assertThat(rules.match(null, "h2", event("Accepted password for root", "10.1.1.1", "root", "web1", 0))).isEmpty();
        ObjectNode otherProgram = event("Failed password for root", "10.1.1.1", "root", "web1", 0);
        ((ObjectNode) otherProgram.get("details")).put("program", "login");
        assertThat(rules.match(null, "h3", otherProgram)).isEmpty();
        ObjectNode noKey = event("Failed password for root", "10.1.1.1", "root", "web1", 0);
        ((ObjectNode) noKey.get("details")).putNull("sourceipaddress");
        assertThat(rules.match(null, "h4", noKey)).isEmpty();

        assertThatThrownBy(() -> new StreamingRules(List.of(GenericAlertRule.read(ruleFile("x", RULE))), CLOCK))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("streaming");
    }

    /** The {@code {_id, _index, _source}} form the writer tags, around an event not stored yet. */
    private static ObjectNode hit(String id, ObjectNode source) {
        ObjectNode hit = Json.object().put("_index", "events").put("_id", id);
        hit.set("_source", source);
        return hit;
    }

    @Test
    void readsHjsonAsMozDefsLoaderDoes() throws Exception {
        GenericAlertRule rule = GenericAlertRule.read(ruleFile("my.jsonrule", """
                # no root braces, quoteless strings, optional commas, a multi-line string
                search_string: category:syslog AND summary:failed
                filters: [
                  [
                    details.program
                    sshd
                    "ignored"
                  ]
                ]
                aggregation_key: details.sourceipaddress
                time_window: 5.7
                num_samples: 2
                num_aggregations: "3"
                alert_category: bruteforce
                alert_tags: ["ssh"]
                alert_severity: WARNING
                alert_summary:
                  '''
                  SSH failures
                  '''
                alert_url: https://wiki.example.org/ssh // not a comment after a quoteless value
                """));
        assertThat(rule.name()).as("every .json is removed from the name").isEqualTo("myrule");
        assertThat(rule.searchString()).isEqualTo("category:syslog AND summary:failed");
        assertThat(rule.filters()).extracting(f -> f.getKey() + "=" + f.getValue()).containsExactly("details.program=sshd");
        assertThat(rule.timeWindowMinutes()).isEqualTo(5);
        assertThat(rule.numAggregations()).isEqualTo(3);
        assertThat(rule.summary()).isEqualTo("SSH failures");
        assertThat(rule.url()).isEqualTo("https://wiki.example.org/ssh // not a comment after a quoteless value");
    }

    @Test
    void hiddenFilesAndFoldersNamedLikeRulesAreSkipped() throws Exception {
        ruleFile("good", RULE);
        ruleFile(".hidden", RULE);
        Files.createDirectories(dir.resolve("rules").resolve("folder.json"));
        GenericAlertLoader.Rules loaded = GenericAlertLoader.load(dir.resolve("rules"));
        assertThat(loaded.rules()).extracting(GenericAlertRule::name).containsExactly("good");
        assertThat(loaded.problems()).isEmpty();
    }

    @Test
    void aFileThatIsNotUtf8IsReportedAsSuchAndSkipped() throws Exception {
        // found by AlertRulesFuzzTest: the problem read "Input length = 1"
        ruleFile("good", RULE);
        Files.write(dir.resolve("rules").resolve("latin1.json"), "search_string: caf\u00e9".getBytes(StandardCharsets.ISO_8859_1));
        GenericAlertLoader.Rules loaded = GenericAlertLoader.load(dir.resolve("rules"));
        assertThat(loaded.rules()).extracting(GenericAlertRule::name).containsExactly("good");
        assertThat(loaded.problems()).singleElement().asString().startsWith("latin1.json: ")
                .endsWith(": not a rule: the file is not UTF-8 text");
    }

    @Test
    void theRulesFolderIsMozDefsAlertDataLocationWhenSet() throws Exception {
        Path configDir = Files.createDirectories(dir.resolve("config"));
        Path fallback = dir.resolve("fallback");
        assertThat(GenericAlertLoader.rulesFolder(new AlertConfig(configDir, key -> null), fallback))
                .as("the bundled config leaves it empty").isEqualTo(fallback);
        Files.writeString(configDir.resolve("generic_alert_loader.conf"),
                "[options]\nalert_data_location = " + dir.resolve("checkout") + "\n");
        assertThat(GenericAlertLoader.rulesFolder(new AlertConfig(configDir, key -> null), fallback))
                .isEqualTo(dir.resolve("checkout").resolve("rules"));
        assertThat(GenericAlertLoader.rulesFolder(new AlertConfig(configDir,
                key -> key.equals("OPTIONS_ALERT_DATA_LOCATION") ? "/srv/generic" : null), fallback))
                .isEqualTo(Path.of("/srv/generic/rules"));
    }

    @Test
    void theSummaryUsesTopLevelHostnamesAndSkipsFalsyFields() throws Exception {
        List<IndexRequest> batch = new ArrayList<>();
        ObjectNode first = event("Failed password", "10.1.1.1", "", "web1", 1);
        ((ObjectNode) first.get("details")).put("hostname", "detailshost").put("count", 0);
        ObjectNode second = event("Failed password", "10.1.1.1", "root", "web2", 2);
        ((ObjectNode) second.get("details")).put("count", 7).putNull("flag");
        batch.add(IndexRequest.append("events", "a1", first));
        batch.add(IndexRequest.append("events", "a2", second));
        store.index(batch);
        store.refresh();
        String rule = RULE.replace("[\"details.username\"]", "[\"details.username\", \"details.count\", \"details.flag\"]");

        GenericAlert alert = new GenericAlert(GenericAlertRule.read(ruleFile("ssh_failures", rule)));
        List<StoredDocument> alerts = alert.run(AlertEnvironment.builder(store, CLOCK).reverseDns(ip -> null).build());

        assertThat(alerts).singleElement().satisfies(a -> assertThat(a.source().path("summary").asText())
                .isEqualTo("SSH failures (2): 10.1.1.1 (details.username=root) (details.count=7) [web1, web2]"));
    }
}
