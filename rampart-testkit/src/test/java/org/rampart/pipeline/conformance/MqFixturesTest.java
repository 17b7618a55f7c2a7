package org.rampart.pipeline.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checker itself: it must fail what differs, and pass what matches, on a real plugin (lower_keys). */
class MqFixturesTest {
    @TempDir
    Path dir;

    private List<CaseResult> run(String cases) throws IOException {
        Path file = dir.resolve("lower_keys.json");
        Files.writeString(file, """
                {"fixture_format": "mozdef-mq-fixture/1", "plugin": "lower_keys", "cases": [%s]}
                """.formatted(cases));
        return new MqFixtures().run(file);
    }

    @Test
    void fullCheckPassesOnEqualOutput() throws IOException {
        List<CaseResult> r = run("""
                {"id": "ok", "entry": "onMessage", "input": {"A": {"B": 1.5, "C": [{"D": 2}]}}, "metadata": {},
                 "expected": {"a": {"c": [{"d": 2}], "b": 1.5}}, "expected_metadata": {}, "check": "full",
                 "asserts": ["assert retmeta == {}"]}""");
        assertThat(r).singleElement().satisfies(c -> {
            assertThat(c.passed()).isTrue();
            assertThat(c.strict()).isTrue();
            assertThat(c.required()).isTrue();
        });
    }

    @Test
    void fullCheckFailsWithThePathThatDiffers() throws IOException {
        List<CaseResult> r = run("""
                {"id": "bad", "input": {"A": {"B": "x"}}, "metadata": {},
                 "expected": {"a": {"b": "y"}}, "check": "full"}""");
        assertThat(r).singleElement().satisfies(c -> {
            assertThat(c.failed()).isTrue();
            assertThat(c.difference()).contains("a.b").contains("\"y\"").contains("\"x\"");
        });
    }

    @Test
    void expectOpsAreChecked() throws IOException {
        List<CaseResult> r = run("""
                {"id": "ops", "input": {"X": "abc", "Y": {"Q": 1, "P": 2}}, "metadata": {"index": "events"},
                 "expected": {"x": "abc"}, "check": "partial", "expect": [
                   {"target": "message", "path": ["x"], "op": "eq", "value": "abc"},
                   {"target": "message", "path": ["x"], "op": "len", "value": 3},
                   {"target": "message", "path": ["y"], "op": "keys", "value": ["p", "q"]},
                   {"target": "message", "path": ["y"], "op": "exists"},
                   {"target": "message", "path": ["X"], "op": "absent"},
                   {"path": [], "op": "not_none"},
                   {"target": "metadata", "path": ["index"], "op": "eq", "value": "events"},
                   {"target": "message", "path": ["x"], "op": "ne_source", "value": "result['y']['q']"}]},
                {"id": "wrong-len", "input": {"X": "abc"}, "metadata": {}, "expected": {"x": "abc"},
                 "check": "partial", "expect": [{"target": "message", "path": ["x"], "op": "len", "value": 4}]},
                {"id": "not-dropped", "input": {"X": "abc"}, "metadata": {}, "expected": "dropped", "check": "full"}
                """);
        assertThat(r).extracting(CaseResult::id, CaseResult::passed)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("ops", true),
                        org.assertj.core.groups.Tuple.tuple("wrong-len", false),
                        org.assertj.core.groups.Tuple.tuple("not-dropped", false));
        // The partial case passed its assertions but its whole output differs from the recording.
        assertThat(r.get(0).strict()).isFalse();
    }

    @Test
    void placeholdersAreReplacedByTheFixedClockAndHost() throws IOException {
        List<CaseResult> r = run("""
                {"id": "ph", "input": {"T": "%s", "H": "%s"}, "metadata": {},
                 "expected": {"t": "${NOW}", "h": "${HOSTNAME}"}, "check": "full"}
                """.formatted(MqFixtures.NOW_TEXT, MqFixtures.HOSTNAME));
        assertThat(r).singleElement().satisfies(c -> assertThat(c.passed()).as(c.difference()).isTrue());
    }

    @Test
    void absentPluginAndDerivedCasesAreReportedAsSuch() throws IOException {
        Path file = dir.resolve("nosuch.json");
        Files.writeString(file, """
                {"fixture_format": "mozdef-mq-fixture/1", "plugin": "noSuchPlugin",
                 "cases": [{"id": "a", "input": {}, "expected": {}}]}""");
        assertThat(new MqFixtures().run(file)).singleElement()
                .satisfies(c -> assertThat(c.skipped()).contains("noSuchPlugin"));
        List<CaseResult> derived = run("""
                {"id": "d", "origin": "derived", "input": {"A": 1}, "expected": {"a": 2}, "check": "full"}""");
        assertThat(derived).singleElement().satisfies(c -> {
            assertThat(c.required()).isFalse();
            assertThat(c.failed()).isFalse();
            assertThat(c.strict()).isFalse();
        });
    }
}
