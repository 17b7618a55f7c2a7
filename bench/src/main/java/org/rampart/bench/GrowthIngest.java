package org.rampart.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.rampart.intake.journal.EventIds;
import org.rampart.pipeline.worker.EventProcessor;
import org.rampart.store.lucene.LuceneEventStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * How the ingest cost grows with what is stored: for each stored size N, a store holding N events (loaded by
 * {@link AlertBenchmark#load}, kept for reuse) takes M more corpus events through a worker's path
 * ({@link IndexingCost#feed}: {@link EventProcessor}, then the store in batches) into the same daily partition as the
 * stored ones, the worst case for merges. Counted: the whole process's CPU (merges run on Lucene's merge threads and are
 * the point) from the first event until the store is closed, which commits and waits for running merges. The ingest
 * goes into a hard-link copy of the loaded folder, deleted afterwards (Lucene never rewrites a file), so every run
 * starts from the same N.
 */
@Command(name = "growth-ingest", mixinStandardHelpOptions = true,
        description = "Process CPU per ingested event with N events already stored in the same daily partition.")
public final class GrowthIngest implements Callable<Integer> {
    /** One measured ingest: events stored before, events ingested, process CPU and wall time until closed. */
    public record Result(long stored, long events, long cpuNanos, long wallNanos) {
        public double cpuMicrosPerEvent() {
            return cpuNanos / 1e3 / events;
        }

        String line() {
            return String.format(Locale.ROOT, "RESULT leg=growth-ingest stored=%d events=%d cpu_us_per_event=%.1f"
                    + " wall_s=%.1f load_avg=%.2f", stored, events, cpuMicrosPerEvent(), wallNanos / 1e9, loadAverage());
        }
    }

    @Option(names = "--stored", split = ",", description = "Events stored before the measured ingest, one measurement each"
            + " (default ${DEFAULT-VALUE}).")
    List<Long> stored = List.of(0L, 10_000_000L, 30_000_000L);

    @Option(names = "--events", description = "Events ingested and measured at each stored size (default ${DEFAULT-VALUE}).")
    long events = 500_000;

    @Option(names = "--warmup", description = "Events through the same path into a throwaway store first, so JIT"
            + " compilation is not billed to the first size (default ${DEFAULT-VALUE}).")
    long warmup = 200_000;

    @Option(names = "--data-root", description = "Where the loaded stores live: growth-<N> per size, e.g. growth-10m"
            + " (default ${DEFAULT-VALUE}).")
    Path dataRoot = Path.of("/var/tmp");

    @Option(names = "--reuse", description = "Use a store folder that already holds a finished load of N events.")
    boolean reuse;

    @Mixin
    CorpusLoadOptions loading = new CorpusLoadOptions();

    @Option(names = "--geoip-dir", description = "GeoIP MMDB folder (default: the rampart.geoip.dir system property).")
    Path geoipDir = IndexingCost.geoipDirProperty();

    public static void main(String[] args) {
        System.exit(new CommandLine(new GrowthIngest()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (events < 1 || warmup < 0 || stored.stream().anyMatch(n -> n < 0)) {
            throw new IllegalArgumentException("--events must be positive, --warmup and --stored not negative");
        }
        EventProcessor processor = IndexingCost.processor(geoipDir);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        if (warmup > 0) {
            Path scratch = Files.createTempDirectory(Files.createDirectories(dataRoot), "growth-warmup");
            try {
                ingest(processor, scratch, now, 0, warmup);
            } finally {
                RawLuceneBaseline.deleteTree(scratch);
            }
        }
        for (long n : stored) {
            System.out.println(measure(processor, n, now).line());
        }
        return 0;
    }

    /** Loads (or reuses) the store of {@code n} events, then ingests {@link #events} into a hard-link copy of it. */
    Result measure(EventProcessor processor, long n, Instant now) throws Exception {
        Instant anchor = now;
        Path copy = dataRoot.resolve("growth-" + label(n) + "-ingest");
        if (Files.exists(copy)) {
            RawLuceneBaseline.deleteTree(copy);    // left by an interrupted run
        }
        if (n == 0) {
            Files.createDirectories(copy);
        } else {
            Path loaded = dataRoot.resolve("growth-" + label(n));
            anchor = loaded(loaded, n, now);
            linkCopy(loaded, copy);
        }
        try {
            return ingest(processor, copy, anchor, n, events);
        } finally {
            RawLuceneBaseline.deleteTree(copy);
        }
    }

    /** The anchor of the finished load of {@code n} events in {@code dir}, loading it first unless reused. */
    private Instant loaded(Path dir, long n, Instant now) throws Exception {
        Optional<Instant> anchor = AlertBenchmark.reusableAnchor(dir, AlertBenchmark.MARKER, n, AlertBenchmark.SPREAD, reuse);
        if (anchor.isPresent()) {
            System.out.printf(Locale.ROOT, "reusing %d events in %s (anchor %s)%n", n, dir, anchor.get());
            return anchor.get();
        }
        try (LuceneEventStore store = LuceneEventStore.open(dir, Clock.fixed(now, ZoneOffset.UTC))) {
            AlertBenchmark.loadAndMark(store, dir, AlertBenchmark.MARKER, n, now, AlertBenchmark.SPREAD, loading.seed,
                    loading.pool, loading.threads);
        }
        return now;
    }

    /**
     * Ingests {@code count} corpus events received at {@code anchor} (so into its day's partition) into the store in
     * {@code dir}, and measures until the store is closed.
     */
    private Result ingest(EventProcessor processor, Path dir, Instant anchor, long n, long count) {
        EventCorpus corpus = EventCorpus.generate(loading.seed, (int) Math.min(loading.pool, count), anchor);
        EventIds ids = new EventIds(Clock.fixed(anchor, ZoneOffset.UTC));
        long cpu = ProcessCpu.nanos();
        long wall = System.nanoTime();
        try (LuceneEventStore store = LuceneEventStore.open(dir, Clock.systemUTC())) {
            IndexingCost.feed(processor, corpus, 0, count, ids, store);
        }
        return new Result(n, count, ProcessCpu.nanos() - cpu, System.nanoTime() - wall);
    }

    /** A copy of {@code from} whose files are hard links to the originals. */
    static void linkCopy(Path from, Path to) throws IOException {
        List<Path> all;
        try (Stream<Path> tree = Files.walk(from)) {
            all = new ArrayList<>(tree.toList());
        }
        for (Path source : all) {
            Path target = to.resolve(from.relativize(source).toString());
            if (Files.isDirectory(source)) {
                Files.createDirectories(target);
            } else {
                Files.createLink(target, source);
            }
        }
    }

    /** 10m for ten million, 2k for two thousand, else the number. */
    static String label(long n) {
        if (n != 0 && n % 1_000_000 == 0) {
            return n / 1_000_000 + "m";
        }
        return n != 0 && n % 1_000 == 0 ? n / 1_000 + "k" : Long.toString(n);
    }

    /** The one-minute load average, written next to every figure: this machine is shared. */
    static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
