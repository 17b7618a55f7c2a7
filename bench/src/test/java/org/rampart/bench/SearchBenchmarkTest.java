package org.rampart.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rampart.store.lucene.LuceneEventStore;

class SearchBenchmarkTest {
    private static final Instant ANCHOR = Instant.parse("2026-11-23T10:00:00Z");

    @Test
    void everyQueryFindsEventsAndTheWeekFindsMoreThanTheDay(@TempDir Path dir) throws Exception {
        try (LuceneEventStore store = LuceneEventStore.open(dir, Clock.fixed(ANCHOR, ZoneOffset.UTC))) {
            AlertBenchmark.load(store, 20_000, ANCHOR, Duration.ofDays(7), 7, 2_000, 2);
            store.refresh();
            assertThat(store.partitions()).hasSize(8);    // 7 days before a 10:00 anchor touch 8 UTC days

            List<SearchBenchmark.Timing> timings = SearchBenchmark.measure(SearchBenchmark.QUERIES,
                    List.of(new SearchBenchmark.RampartSide(store, ANCHOR, 100)), 2);

            assertThat(timings).hasSize(SearchBenchmark.QUERIES.size() * SearchBenchmark.WINDOWS.size());
            assertThat(timings).allSatisfy(t -> {
                assertThat(t.matches()).as(t.query() + " " + t.window()).isPositive();
                assertThat(t.returned()).as(t.query() + " " + t.window()).isPositive().isLessThanOrEqualTo(t.matches());
                assertThat(t.p99Millis()).isGreaterThanOrEqualTo(t.p50Millis());
            });
            assertThat(timings).filteredOn(t -> t.query().equals("terms-agg-top20"))
                    .allSatisfy(t -> assertThat(t.topBuckets()).isPositive().isLessThanOrEqualTo(t.matches()));
            for (SearchBenchmark.Query query : SearchBenchmark.QUERIES) {
                long day = matches(timings, query.name(), "24h");
                long week = matches(timings, query.name(), "7d");
                // Events are spread evenly, so the week holds about seven days' worth.
                assertThat(week).as(query.name()).isGreaterThan(4 * day);
            }
        }
    }

    @Test
    void aWindowSearchesThePartitionsOfTheDaysItTouches() {
        assertThat(SearchBenchmark.partitions(ANCHOR, Duration.ofHours(24)))
                .containsExactly("events-20261122", "events-20261123");
        assertThat(SearchBenchmark.partitions(ANCHOR, Duration.ofDays(7))).hasSize(8)
                .startsWith("events-20261116").endsWith("events-20261123");
    }

    private static long matches(List<SearchBenchmark.Timing> timings, String query, String window) {
        return timings.stream().filter(t -> t.query().equals(query) && t.window().equals(window))
                .findFirst().orElseThrow().matches();
    }
}
