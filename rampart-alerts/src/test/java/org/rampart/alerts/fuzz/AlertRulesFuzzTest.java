package org.rampart.alerts.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.rampart.alerts.rules.EventMatcher;
import org.rampart.alerts.rules.GenericAlertRule;
import org.rampart.event.Json;
import org.rampart.query.QueryStringMatch;

/**
 * MozDef's generic alert rule files (Hjson, from an operator's folder or a shared repository) and the query strings of
 * streaming rules, compiled to the in-memory matcher that runs on every event. A bad file or query is an
 * IllegalArgumentException naming the problem (the loader skips the file and reports it); a compiled matcher never
 * throws on an event.
 */
class AlertRulesFuzzTest {
    @TempDir
    static Path rules;
    private static final List<JsonNode> EVENTS = List.of(
            json("{\"category\": \"syslog\", \"summary\": \"Failed password for root from 10.1.2.3 port 22\","
                    + " \"utctimestamp\": \"2026-12-06T10:00:00+00:00\", \"tags\": [\"ssh\"], \"details\":"
                    + " {\"sourceipaddress\": \"10.1.2.3\", \"program\": \"sshd\", \"port\": 22, \"ok\": false}}"),
            json("{\"summary\": 5, \"utctimestamp\": \"not a date\", \"details\": {\"sourceipaddress\": \"::1\","
                    + " \"destinationipaddress\": [\"1.2.3.4\", null, {\"a\": 1}], \"x\": {\"y\": [1.5, \"2\"]}}}"));

    @FuzzTest(maxDuration = "5m")
    void anyRuleFileLoadsOrIsRefused(byte[] content) throws IOException {
        Path file = rules.resolve("rule.json");
        Files.write(file, content);
        GenericAlertRule rule;
        try {
            rule = GenericAlertRule.read(file);
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).as("the refusal says why").isNotBlank();
            return;
        }
        assertThat(rule.name()).isEqualTo("rule");
        EventMatcher matcher = EventMatcher.compile(rule.query());
        EVENTS.forEach(matcher::matches);
    }

    @FuzzTest(maxDuration = "5m")
    void anyQueryStringCompilesOrIsRefused(byte[] input) {
        EventMatcher matcher;
        try {
            matcher = EventMatcher.compile(new QueryStringMatch(new String(input, StandardCharsets.UTF_8)));
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).as("the refusal says why").isNotBlank();
            return;
        }
        EVENTS.forEach(matcher::matches);
    }

    private static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
