package org.rampart.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.rampart.event.Json;
import org.rampart.event.config.DataLayout;
import org.rampart.store.lucene.LuceneEventStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * A Rampart data folder whose store holds one daily event partition for each of the last D days (today included), E
 * events each, loaded by {@link AlertBenchmark#load} around noon UTC of each day: what a server that ran for D days
 * opens at startup. {@code bench/growth-bench.sh} times {@code rampart run} on it against an empty folder.
 */
@Command(name = "growth-partitions", mixinStandardHelpOptions = true,
        description = "Fills a data folder with D daily event partitions of E events each.")
public final class GrowthPartitions implements Callable<Integer> {
    /** Written once the last day has committed; {@code --reuse} trusts it. */
    static final String MARKER = "growth-partitions.json";

    @Option(names = "--data", required = true, description = "The data folder (Rampart's data.dir) to fill.")
    Path data;

    @Option(names = "--days", description = "Daily partitions (default ${DEFAULT-VALUE}).")
    int days = 30;

    @Option(names = "--per-day", description = "Events per partition (default ${DEFAULT-VALUE}).")
    long perDay = 100_000;

    @Option(names = "--reuse", description = "Keep a folder already filled with the same --days and --per-day.")
    boolean reuse;

    @Mixin
    CorpusLoadOptions loading = new CorpusLoadOptions();

    public static void main(String[] args) {
        System.exit(new CommandLine(new GrowthPartitions()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (days < 1 || perDay < 1 || loading.threads < 1 || loading.pool < 1) {
            throw new IllegalArgumentException("--days, --per-day, --threads and --pool must be positive");
        }
        Path marker = data.resolve(MARKER);
        String filled = Json.MAPPER.writeValueAsString(Json.object().put("days", days).put("perDay", perDay));
        if (reuse && Files.exists(marker) && Files.readString(marker).equals(filled)) {
            System.out.printf(Locale.ROOT, "reusing %d partitions of %d events in %s%n", days, perDay, data);
            return 0;
        }
        if (!AlertBenchmark.isEmpty(data)) {
            throw new IllegalArgumentException(data + " is not empty and holds no finished fill of " + days + " x "
                    + perDay + " events; remove it, or give --reuse with the --days and --per-day it was filled with");
        }
        long start = System.nanoTime();
        Instant noon = Instant.now().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofHours(12));
        try (LuceneEventStore store = LuceneEventStore.open(DataLayout.under(data).store(), Clock.systemUTC())) {
            for (int day = days - 1; day >= 0; day--) {
                Instant anchor = noon.minus(Duration.ofDays(day));
                AlertBenchmark.load(store, perDay, anchor, AlertBenchmark.SPREAD, loading.seed + day,
                        loading.pool, loading.threads);
            }
        }
        Files.writeString(marker, filled);
        System.out.printf(Locale.ROOT, "RESULT leg=growth-partitions days=%d per_day=%d fill_s=%.0f%n", days, perDay,
                (System.nanoTime() - start) / 1e9);
        return 0;
    }
}
