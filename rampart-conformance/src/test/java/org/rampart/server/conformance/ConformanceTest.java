package org.rampart.server.conformance;

import org.rampart.event.testing.RepoRoot;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rampart.event.config.RampartConfig;

/** Every fixture in the project's copy of MozDef's conformance corpus, through the same runner as the CLI. */
class ConformanceTest {

    @Test
    void everyRequiredFixtureCasePasses() throws Exception {
        Path conformance = RepoRoot.get().resolve("conformance");
        ByteArrayOutputStream report = new ByteArrayOutputStream();
        ConformanceRunner.Totals totals = new ConformanceRunner(RampartConfig.load(null, Map.of())).run(List.of(conformance),
                new PrintStream(report, true, StandardCharsets.UTF_8));
        System.out.print(report.toString(StandardCharsets.UTF_8));
        assertThat(totals.failures()).as(report.toString(StandardCharsets.UTF_8)).isEmpty();
        // A known fixture defect that starts passing means the fixture was fixed: take it off the list.
        assertThat(totals.knownDefects()).hasSize(1);
        assertThat(totals.passed()).isGreaterThan(200);
    }
}
