package org.rampart.alerts.conformance;

import org.rampart.event.testing.RepoRoot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.rampart.alerts.AlertLibrary;
import org.rampart.event.Json;
import org.rampart.query.EventStore;
import org.rampart.store.lucene.LuceneEventStore;

/**
 * Every case of every fixture in {@code conformance/alerts/} against the bundled alerts on the Lucene store; another
 * store's module runs them on its store by extending this class (the test jar carries it).
 */
public class AlertConformanceTest {

    /** Opens an empty store in the given folder on the given clock, for one fixture case. */
    protected BiFunction<Path, Clock, EventStore> storeFactory() {
        return LuceneEventStore::open;
    }

    @TestFactory
    public Stream<DynamicTest> everyAlertFixtureCase() throws IOException {
        Path dir = RepoRoot.get().resolve("conformance/alerts");
        List<String> installed = AlertLibrary.classnames();
        AlertFixtures fixtures = new AlertFixtures(storeFactory(), null);
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".json")).sorted().toList().stream().flatMap(file -> {
                String classname = classnameOf(file);
                return Stream.of(DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
                    // Fixtures of alerts not ported yet are reported as skipped, not hidden.
                    assumeTrue(installed.contains(classname), classname + " is not in the library yet");
                    List<AlertFixtures.CaseResult> results = fixtures.runFile(file);
                    assertThat(results).isNotEmpty();
                    assertThat(results.stream().filter(r -> !r.passed()).map(AlertFixtures.CaseResult::line))
                            .as("failing cases of " + file.getFileName()).isEmpty();
                }));
            });
        }
    }

    private static String classnameOf(Path file) {
        try {
            return Json.MAPPER.readTree(file.toFile()).path("suites").path(0).path("alert_classname").asText();
        } catch (IOException e) {
            return "";
        }
    }
}
