package org.rampart.server.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rampart.event.Json;
import org.rampart.event.config.RampartConfig;
import org.rampart.event.testing.RepoRoot;

/** The runner's own verdicts: what counts as a fixture, and when a listed fixture defect still excuses a case. */
class ConformanceRunnerTest {
    private static final String DEFECT_CASE = "TestSuricataFixup::test_eve_log_alert_truncate";

    @TempDir
    Path dir;

    private final ByteArrayOutputStream report = new ByteArrayOutputStream();

    private ConformanceRunner.Totals run() throws Exception {
        return new ConformanceRunner(RampartConfig.load(null, Map.of())).run(List.of(dir), new PrintStream(report, true, StandardCharsets.UTF_8));
    }

    @Test
    void aFileInAnUnknownFormatFailsAndAnIndexFileIsSkipped() throws Exception {
        Files.writeString(dir.resolve("cases.json"), "{\"fixture_format\": \"mozdef-mq-fixture/9\", \"cases\": []}");
        Files.writeString(dir.resolve("_index.json"), "{\"plugins\": []}");

        ConformanceRunner.Totals totals = run();

        assertThat(totals.failed()).isEqualTo(1);
        assertThat(report.toString(StandardCharsets.UTF_8)).contains("cases.json: not a fixture format")
                .doesNotContain("_index.json");
    }

    @Test
    void aKnownDefectExcusesOnlyTheDifferenceItWasListedWith() throws Exception {
        Path original = RepoRoot.get().resolve("conformance/mq/suricataFixup.json");
        ObjectNode fixture = (ObjectNode) Json.MAPPER.readTree(original.toFile());
        Files.writeString(dir.resolve("suricataFixup.json"), fixture.toString());
        assertThat(run().knownDefects()).extracting(Outcome::caseId).containsExactly(DEFECT_CASE);

        // The same case, now failing for another reason: no longer excused.
        for (var c : fixture.withArray("cases")) {
            if (c.path("id").asText().equals(DEFECT_CASE)) {
                ((ObjectNode) c.get("input")).put("message", "not the recorded alert");
            }
        }
        Files.writeString(dir.resolve("suricataFixup.json"), fixture.toString());
        report.reset();

        ConformanceRunner.Totals totals = run();

        assertThat(totals.knownDefects()).isEmpty();
        assertThat(totals.failures()).extracting(Outcome::caseId).containsExactly(DEFECT_CASE);
        assertThat(report.toString(StandardCharsets.UTF_8)).contains("listed as a known fixture defect, but with another difference");
    }
}
