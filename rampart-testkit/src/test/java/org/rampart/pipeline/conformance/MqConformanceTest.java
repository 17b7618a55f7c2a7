package org.rampart.pipeline.conformance;

import org.rampart.event.testing.RepoRoot;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every mq fixture of the corpus whose plugin is present here: required cases must pass. */
class MqConformanceTest {

    @Test
    void everyRequiredCaseOfPresentPluginsPasses() throws IOException {
        MqFixtures fixtures = new MqFixtures();
        List<String> failures = new ArrayList<>();
        int ran = 0;
        try (Stream<Path> files = Files.list(RepoRoot.get().resolve("conformance/mq"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                List<CaseResult> results = fixtures.run(file);
                long run = results.stream().filter(r -> r.skipped() == null).count();
                if (run == 0) {
                    continue;
                }
                ran += (int) run;
                long required = results.stream().filter(r -> r.skipped() == null && r.required()).count();
                long passed = results.stream().filter(r -> r.skipped() == null && r.required() && r.passed()).count();
                long strict = results.stream().filter(r -> r.skipped() == null && r.strict()).count();
                System.out.printf("%s: required %d/%d, strict %d/%d%n", file.getFileName(), passed, required, strict, run);
                for (CaseResult r : results) {
                    if (r.failed()) {
                        failures.add(r.file() + " " + r.id() + ": " + r.difference());
                    } else if (r.skipped() == null && !r.strict()) {
                        System.out.printf("  strict mismatch %s: %s%n", r.id(), r.strictDifference());
                    }
                }
            }
        }
        assertThat(ran).as("cases run").isPositive();
        assertThat(failures).as("required fixture failures").isEmpty();
    }
}
