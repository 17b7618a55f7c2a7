package org.rampart.alerts.conformance;

import org.rampart.event.testing.RepoRoot;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rampart.event.Json;
import org.rampart.store.lucene.LuceneEventStore;

/** The runner itself: it must report a wrong alert, and resolve the README's markers as specified. */
class AlertFixturesTest {
    private static final Instant NOW = Instant.parse("2017-01-01T01:00:00Z");

    private static ObjectNode fixture(String name) throws IOException {
        return (ObjectNode) Json.MAPPER.readTree(RepoRoot.get().resolve("conformance/alerts").resolve(name).toFile());
    }

    @Test
    void aWrongExpectedSummaryFailsWithOneLineSayingWhat() throws IOException {
        ObjectNode fixture = fixture("ldap_add.json");
        ObjectNode firstCase = (ObjectNode) fixture.path("suites").get(0).path("cases").get(0);
        ((ObjectNode) firstCase.path("expected_alert")).put("summary", "not what the alert says");

        List<AlertFixtures.CaseResult> results = new AlertFixtures(LuceneEventStore::open, null).runFixture("ldap_add.json", fixture);

        assertThat(results).hasSize(6);
        assertThat(results.get(0).passed()).isFalse();
        assertThat(results.get(0).difference()).startsWith("alert summary: expected \"not what the alert says\"")
                .doesNotContain("\n");
        assertThat(results.subList(1, 6)).allMatch(AlertFixtures.CaseResult::passed);
        assertThat(AlertFixtures.report(results)).endsWith("5 passed, 1 failed\n").contains("FAIL ldap_add.json TestldapAdd#0");
    }

    @Test
    void aNegativeCaseThatAlertsAndAnUnknownAlertFail() throws IOException {
        ObjectNode fixture = fixture("ldap_add.json");
        ObjectNode positive = (ObjectNode) fixture.path("suites").get(0).path("cases").get(0);
        positive.put("expect_alert", false);
        positive.remove("expected_alert");
        List<AlertFixtures.CaseResult> results = new AlertFixtures(LuceneEventStore::open, null).runFixture("x", fixture);
        assertThat(results.get(0).difference()).startsWith("expected no alert, got 1");

        ((ObjectNode) fixture.path("suites").get(0)).put("alert_classname", "NoSuchAlert");
        assertThat(new AlertFixtures(LuceneEventStore::open, null).runFixture("x", fixture))
                .allMatch(r -> r.difference().equals("no alert class named NoSuchAlert is installed"));
    }

    @Test
    void runsADirectoryAndSkipsFilesOfOtherFormats(@TempDir Path dir) throws IOException {
        Files.copy(RepoRoot.get().resolve("conformance/alerts/duo_authfail.json"), dir.resolve("duo_authfail.json"));
        Files.writeString(dir.resolve("plugin.json"), "{\"plugin\": \"ipaddr\", \"tests\": []}");
        List<AlertFixtures.CaseResult> results = new AlertFixtures(LuceneEventStore::open, NOW).run(dir);
        assertThat(results).hasSize(7).allMatch(AlertFixtures.CaseResult::passed);
    }

    @Test
    void markersResolveAgainstNow() throws IOException {
        JsonNode resolved = AlertFixtures.resolveMarkers(Json.MAPPER.readTree("""
                {"a": {"$relative_seconds": -960}, "b": [{"$time_of_day": "03:45:30"}], "c": {"$random_ipv4": true},
                 "d": {"$wall_clock_now": true}, "e": {"$relative_seconds": 1, "other": 2}}"""), NOW);
        assertThat(resolved.path("a").asText()).isEqualTo("2017-01-01T00:44:00+00:00");
        assertThat(resolved.path("b").get(0).asText()).isEqualTo("2017-01-01T03:45:30+00:00");
        assertThat(resolved.path("c").asText()).matches("([1-9]\\d{0,2}\\.){3}[1-9]\\d{0,2}");
        assertThat(Instant.parse(resolved.path("d").asText().replace("+00:00", "Z"))).isAfterOrEqualTo(NOW);
        assertThat(resolved.path("e").path("other").asInt()).isEqualTo(2);
    }

    /** README section 5: with a now inside the expected period, the exclusion window itself decides the case. */
    @Test
    void sessionOpenedInsideTheExpectedPeriodDoesNotAlert() throws IOException {
        ObjectNode fixture = fixture("session_opened_sensitive_user.json");
        ObjectNode suite = (ObjectNode) fixture.path("suites").get(0);
        JsonNode inside = suite.path("cases").get(6);
        assertThat(inside.path("description").asText()).isEqualTo("Negative test with events inside whitelisted time");
        suite.putArray("cases").add(inside);
        List<AlertFixtures.CaseResult> results = new AlertFixtures(LuceneEventStore::open, Instant.parse("2017-01-01T03:50:00Z"))
                .runFixture("session", fixture);
        assertThat(results).singleElement().matches(AlertFixtures.CaseResult::passed, "passes");

        // With the expected period moved away the same events alert: only the period kept them quiet.
        ObjectNode periodMoved = fixture.deepCopy();
        ((ObjectNode) periodMoved.path("config_files").path("critical_users.json").path("content").path("scan_expected")
                .path("period1")).put("start_hour", "05").put("end_hour", "06");
        List<AlertFixtures.CaseResult> withoutPeriod = new AlertFixtures(LuceneEventStore::open, Instant.parse("2017-01-01T03:50:00Z"))
                .runFixture("session", periodMoved);
        assertThat(withoutPeriod.get(0).difference()).startsWith("expected no alert");
    }
}
