package org.rampart.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A large relative slowdown of Rampart's indexing path fails the build. Not a timed test: both legs run in this JVM on
 * the same events, and only Rampart's cost over raw Lucene's is bounded, so the machine's speed and load cancel out.
 * Bytes allocated per event are nearly load-free and get the tighter check; the CPU ratio only a loose one. The bounds
 * are twice the largest ratios measured on 2026-12-06 (docs/benchmarks.md, "Regression check"): bytes 2.08× raw
 * Lucene's (three runs: 1.96–2.08×), CPU 3.75× (three runs: 1.99–3.75×, on a machine at load 30–60).
 */
class IndexingCostRegressionTest {
    private static final double MAX_BYTES_RATIO = 4.2;
    private static final double MAX_CPU_RATIO = 7.5;

    @Test
    void rampartsIndexingPathCostsAtMostTwiceTodaysMultipleOfRawLucene() throws Exception {
        String geoip = System.getProperty("rampart.geoip.dir");
        EventCorpus corpus = EventCorpus.generate(42, 20_000, Instant.now());

        IndexingCost.Comparison c = IndexingCost.compare(corpus, 4_000, 4_000, 3,
                geoip == null || geoip.isBlank() ? null : Path.of(geoip));

        String measured = String.format(java.util.Locale.ROOT,
                "Rampart %.1f µs and %.0f bytes per event, raw Lucene %.1f µs and %.0f bytes",
                c.rampart().cpuMicrosPerEvent(), c.rampart().bytesPerEvent(),
                c.lucene().cpuMicrosPerEvent(), c.lucene().bytesPerEvent());
        // In the test report, so that a run's ratios can be compared with the bounds without re-running.
        System.out.println("indexing cost: " + measured);
        assertThat(c.bytesRatio()).as("bytes allocated per event over raw Lucene's: " + measured)
                .isLessThanOrEqualTo(MAX_BYTES_RATIO);
        assertThat(c.cpuRatio()).as("CPU per event over raw Lucene's: " + measured)
                .isLessThanOrEqualTo(MAX_CPU_RATIO);
    }
}
