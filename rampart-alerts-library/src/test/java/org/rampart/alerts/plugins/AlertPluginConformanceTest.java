package org.rampart.alerts.plugins;

import org.rampart.event.testing.RepoRoot;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.rampart.event.Json;

/** Every case of {@code conformance/alerts/plugins}, MozDef's alert plugin tests replayed. */
class AlertPluginConformanceTest {

    private static final Path FIXTURES = RepoRoot.get().resolve("conformance/alerts/plugins");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);

    @TestFactory
    Stream<DynamicTest> everyRecordedCallGivesTheRecordedOutput() throws Exception {
        List<AlertPluginFixtures.Result> results = AlertPluginFixtures.run(FIXTURES, CLOCK);
        assertThat(results).as("plugin fixtures found").hasSizeGreaterThanOrEqualTo(10);
        return results.stream().map(r -> DynamicTest.dynamicTest(r.file() + " " + r.test() + "#" + r.call(),
                () -> assertThat(r.difference()).isNull()));
    }

    @Test
    void aWrongOutputIsReportedWithTheDifference() throws Exception {
        JsonNode fixture = Json.MAPPER.readTree(FIXTURES.resolve("dhcp_assignment.json").toFile());
        ObjectNode output = (ObjectNode) fixture.path("tests").get(0).path("calls").get(0).path("output");
        ((ObjectNode) output.path("details").path("ipassignment")).put("mac", "cafebabe");

        List<AlertPluginFixtures.Result> results = AlertPluginFixtures.run("tampered.json", fixture, CLOCK);
        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.passed()).isFalse();
            assertThat(r.difference()).contains("details.ipassignment.mac");
        });
        assertThat(AlertPluginFixtures.report(results)).endsWith("0 passed, 1 failed\n");
    }

    @Test
    void aLookupThatDiffersFromTheRecordedOneFails() throws Exception {
        JsonNode fixture = Json.MAPPER.readTree(FIXTURES.resolve("auth_sourceip_username.json").toFile());
        ObjectNode match = (ObjectNode) fixture.path("tests").get(0).path("calls").get(0).path("search_calls").get(0)
                .path("query").path("must").get(0).path("match");
        match.put("tags", "okta");
        assertThat(AlertPluginFixtures.run("x.json", fixture, CLOCK).getFirst().difference())
                .contains("lookup differs").contains("okta");
    }

    @Test
    void setOrderedListsAndSummaryFragmentsCompareInAnyOrder() throws Exception {
        JsonNode expected = Json.MAPPER.readTree("""
                {"summary": "a; Tor nodes detected: x; VPNs detected: y", "details": {"ipintel": [1, 2], "hops": [1, 2]}}""");
        JsonNode reordered = Json.MAPPER.readTree("""
                {"summary": "a; VPNs detected: y; Tor nodes detected: x", "details": {"ipintel": [2, 1], "hops": [1, 2]}}""");
        JsonNode hopsSwapped = Json.MAPPER.readTree("""
                {"summary": "a; Tor nodes detected: x; VPNs detected: y", "details": {"ipintel": [1, 2], "hops": [2, 1]}}""");
        assertThat(AlertPluginFixtures.COMPARISON.difference(expected, reordered)).isNull();
        assertThat(AlertPluginFixtures.COMPARISON.difference(expected, hopsSwapped)).contains("hops[0]");
    }
}
