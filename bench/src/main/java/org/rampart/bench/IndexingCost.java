package org.rampart.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.rampart.event.extension.Extensions;
import org.rampart.intake.journal.EventIds;
import org.rampart.pipeline.PluginChain;
import org.rampart.pipeline.PluginContext;
import org.rampart.pipeline.worker.EventProcessor;
import org.rampart.pipeline.worker.SourceEvent;
import org.rampart.query.EventStore;
import org.rampart.query.IndexRequest;
import org.rampart.store.lucene.LuceneEventStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * What one event costs on Rampart's indexing path next to raw Lucene, both on the calling thread of one JVM, on the
 * same events: CPU nanoseconds and bytes allocated per event, and their ratios. Rampart's path is what a pipeline
 * worker does with journaled bytes: {@link EventProcessor} (parse, normalization, the bundled plugin chain with GeoIP)
 * then {@link LuceneEventStore#index} in batches, and a commit; raw Lucene is {@link RawLuceneBaseline}'s document per
 * event into a plain {@link IndexWriter}, and a commit. Merges run on Lucene's merge threads for both and are not
 * counted. Bytes allocated do not move with the machine's load, so they are the figure to A/B changes by; the CPU
 * ratio moves less than either CPU time because both legs share the same moments.
 */
@Command(name = "indexing-cost", mixinStandardHelpOptions = true,
        description = "Per-event CPU and bytes allocated: Rampart's pipeline + store against raw Lucene, same thread.")
public final class IndexingCost implements Callable<Integer> {
    /** One measured leg: events, CPU nanoseconds and bytes allocated on the measuring thread. */
    public record Cost(long events, long cpuNanos, long bytes) {
        double cpuMicrosPerEvent() {
            return cpuNanos / 1e3 / events;
        }

        double bytesPerEvent() {
            return (double) bytes / events;
        }
    }

    /** Medians over the rounds of both legs, and Rampart's cost over raw Lucene's. */
    public record Comparison(Cost rampart, Cost lucene) {
        public double cpuRatio() {
            return rampart.cpuMicrosPerEvent() / lucene.cpuMicrosPerEvent();
        }

        public double bytesRatio() {
            return rampart.bytesPerEvent() / lucene.bytesPerEvent();
        }
    }

    private static final int BATCH = 500;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @Option(names = "--events", description = "Events per measured round (default ${DEFAULT-VALUE}).")
    int events = 20_000;

    @Option(names = "--rounds", description = "Measured rounds per leg, alternated; medians are reported (default ${DEFAULT-VALUE}).")
    int rounds = 3;

    @Option(names = "--warmup", description = "Events through each leg before measuring (default ${DEFAULT-VALUE}).")
    int warmup = 20_000;

    @Option(names = "--mix", description = "CORPUS or SYNTHETIC (default ${DEFAULT-VALUE}).",
            converter = LoadOptions.MixConverter.class)
    EventCorpus.Mix mix = EventCorpus.Mix.CORPUS;

    @Option(names = "--geoip-dir", description = "GeoIP MMDB folder (default: the rampart.geoip.dir system property;"
            + " without one GeoIP writes its error field).")
    Path geoipDir = geoipDirProperty();

    public static void main(String[] args) {
        System.exit(new CommandLine(new IndexingCost()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Comparison c = compare(EventCorpus.generate(42, 100_000, Instant.now(), mix), warmup, events, rounds, geoipDir);
        System.out.printf(Locale.ROOT, "| leg | µs CPU per event | bytes allocated per event |%n|---|---|---|%n");
        System.out.printf(Locale.ROOT, "| Rampart (pipeline + store) | %.1f | %.0f |%n",
                c.rampart().cpuMicrosPerEvent(), c.rampart().bytesPerEvent());
        System.out.printf(Locale.ROOT, "| raw Lucene | %.1f | %.0f |%n",
                c.lucene().cpuMicrosPerEvent(), c.lucene().bytesPerEvent());
        System.out.printf(Locale.ROOT, "RESULT events=%d rounds=%d rampart_us=%.1f lucene_us=%.1f cpu_ratio=%.2f"
                        + " rampart_bytes=%.0f lucene_bytes=%.0f bytes_ratio=%.2f%n", events, rounds,
                c.rampart().cpuMicrosPerEvent(), c.lucene().cpuMicrosPerEvent(), c.cpuRatio(),
                c.rampart().bytesPerEvent(), c.lucene().bytesPerEvent(), c.bytesRatio());
        return 0;
    }

    /** Warms both legs up, then measures {@code rounds} alternated rounds of each; medians per leg. */
    public static Comparison compare(EventCorpus corpus, int warmup, int events, int rounds, Path geoipDir)
            throws IOException {
        EventProcessor processor = processor(geoipDir);
        long offset = 0;
        rampart(processor, corpus, offset, warmup);
        lucene(corpus, offset, warmup);
        offset += warmup;
        List<Cost> rampart = new ArrayList<>();
        List<Cost> lucene = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            rampart.add(rampart(processor, corpus, offset, events));
            lucene.add(lucene(corpus, offset, events));
            offset += events;
        }
        return new Comparison(median(rampart), median(lucene));
    }

    /** The pipeline a worker runs: the bundled plugin chain (GeoIP from {@code geoipDir}), UTC, host "bench". */
    static EventProcessor processor(Path geoipDir) {
        return new EventProcessor(PluginChain.load(Extensions.bundled(),
                new PluginContext(() -> "bench", null, geoipDir), Set.of()), ZoneOffset.UTC, "bench");
    }

    /** Events {@code from .. from+count-1} through the pipeline into a fresh store, then a commit. */
    static Cost rampart(EventProcessor processor, EventCorpus corpus, long from, int count) throws IOException {
        Path dir = Files.createTempDirectory("rampart-indexing-cost");
        try (LuceneEventStore store = LuceneEventStore.open(dir, Clock.systemUTC())) {
            Meter meter = new Meter();
            feed(processor, corpus, from, count, new EventIds(Clock.systemUTC()), store);
            store.commit();
            return meter.cost(count);
        } finally {
            RawLuceneBaseline.deleteTree(dir);
        }
    }

    /**
     * What a worker does with events {@code from .. from+count-1} as journaled under ids from {@code ids} (received
     * at the id's instant): {@link EventProcessor} on each, then {@link EventStore#index} in batches; no commit.
     */
    static void feed(EventProcessor processor, EventCorpus corpus, long from, long count, EventIds ids, EventStore store) {
        List<IndexRequest> batch = new ArrayList<>(BATCH);
        for (long i = from; i < from + count; i++) {
            String id = ids.next();
            IndexRequest request = processor.process(new SourceEvent(id, EventIds.instantOf(id), corpus.event(i), false));
            if (request != null) {
                batch.add(request);
            }
            if (batch.size() == BATCH) {
                store.index(batch);
                batch.clear();
            }
        }
        store.index(batch);
    }

    /** The same events as raw Lucene documents into a plain writer, then a commit. */
    static Cost lucene(EventCorpus corpus, long from, int count) throws IOException {
        Path dir = Files.createTempDirectory("raw-lucene-indexing-cost");
        try (Directory directory = FSDirectory.open(dir);
             IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig(new StandardAnalyzer())
                     .setOpenMode(IndexWriterConfig.OpenMode.CREATE))) {
            Meter meter = new Meter();
            for (long i = from; i < from + count; i++) {
                writer.addDocument(RawLuceneBaseline.document(corpus.event(i), false));
            }
            writer.commit();
            return meter.cost(count);
        } finally {
            RawLuceneBaseline.deleteTree(dir);
        }
    }

    /** CPU time and bytes allocated by the current thread since it was made. */
    private static final class Meter {
        private final long thread = Thread.currentThread().threadId();
        private final long cpu = THREADS.getCurrentThreadCpuTime();
        private final long bytes = THREADS.getThreadAllocatedBytes(thread);

        Cost cost(long events) {
            return new Cost(events, THREADS.getCurrentThreadCpuTime() - cpu, THREADS.getThreadAllocatedBytes(thread) - bytes);
        }
    }

    private static Cost median(List<Cost> costs) {
        long[] cpu = costs.stream().mapToLong(Cost::cpuNanos).sorted().toArray();
        long[] bytes = costs.stream().mapToLong(Cost::bytes).sorted().toArray();
        return new Cost(costs.getFirst().events(), cpu[cpu.length / 2], bytes[bytes.length / 2]);
    }

    static Path geoipDirProperty() {
        String dir = System.getProperty("rampart.geoip.dir");
        return dir == null || dir.isBlank() ? null : Path.of(dir);
    }
}
