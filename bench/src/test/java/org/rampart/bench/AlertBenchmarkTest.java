package org.rampart.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rampart.alerts.AlertLibrary;
import org.rampart.store.lucene.LuceneEventStore;
import picocli.CommandLine;

class AlertBenchmarkTest {
    private static final Instant ANCHOR = Instant.parse("2026-11-23T10:00:00Z");

    @Test
    void runsEveryBundledAlertAndTheInjectedAttacksFire(@TempDir Path dir) throws Exception {
        Clock clock = Clock.fixed(ANCHOR, ZoneOffset.UTC);
        try (LuceneEventStore store = LuceneEventStore.open(dir, clock)) {
            AlertBenchmark.load(store, 10_000, ANCHOR, AlertBenchmark.SPREAD, 7, 2_000, 2);
            store.refresh();
            List<AlertBenchmark.Timing> timings = AlertBenchmark.runAll(store, clock);

            assertThat(timings).extracting(AlertBenchmark.Timing::alert).containsExactlyElementsOf(AlertLibrary.classnames());
            assertThat(timings).allSatisfy(t -> assertThat(t.error()).isNull());
            Map<String, AlertBenchmark.Timing> byName = timings.stream()
                    .collect(Collectors.toMap(AlertBenchmark.Timing::alert, Function.identity()));
            assertThat(byName.get("AlertCloudtrailLoggingDisabled").raised()).isPositive();
            assertThat(byName.get("AlertLdapBruteforceUser").raised()).isPositive();
            assertThat(byName.get("NSMScanAddress").raised()).isPositive();
            assertThat(byName.get("AlertBruteforceSsh").hits()).isPositive();
            assertThat(AlertBenchmark.summary(timings)).startsWith("SUMMARY alerts=" + timings.size() + " ").contains(" failed=0");
        }
    }

    @Test
    void aReusedFolderKeepsItsAnchorAndRefusesAnotherSizeOrStrayData(@TempDir Path dir) throws Exception {
        String[] first = {"--events", "2000", "--pool", "500", "--data", dir.toString()};
        assertThat(new CommandLine(new AlertBenchmark()).execute(first)).isZero();
        Instant anchor = AlertBenchmark.storedAnchor(dir.resolve(AlertBenchmark.MARKER), 2_000, AlertBenchmark.SPREAD).orElseThrow();
        assertThat(AlertBenchmark.storedAnchor(dir.resolve(AlertBenchmark.MARKER), 3_000, AlertBenchmark.SPREAD)).isEmpty();

        assertThat(new CommandLine(new AlertBenchmark()).execute("--events", "2000", "--data", dir.toString(), "--reuse"))
                .isZero();
        assertThat(AlertBenchmark.storedAnchor(dir.resolve(AlertBenchmark.MARKER), 2_000, AlertBenchmark.SPREAD)).contains(anchor);
        assertThat(new CommandLine(new AlertBenchmark()).execute("--events", "3000", "--data", dir.toString()))
                .isNotZero();
        assertThat(new CommandLine(new AlertBenchmark()).execute("--events", "3000", "--data", dir.toString(), "--reuse"))
                .isNotZero();
        Files.delete(dir.resolve(AlertBenchmark.MARKER));    // as if the load had been interrupted before its end
        assertThat(new CommandLine(new AlertBenchmark()).execute("--events", "2000", "--data", dir.toString(), "--reuse"))
                .isNotZero();
    }
}
