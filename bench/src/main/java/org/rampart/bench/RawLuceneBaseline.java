package org.rampart.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.SortedNumericDocValuesField;
import org.apache.lucene.document.SortedSetDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;
import org.rampart.event.Json;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The physical limit of the machine: the corpus parsed with Jackson and written with a plain Lucene
 * IndexWriter (no journal, no HTTP, no normalization), then committed.
 */
@Command(name = "raw-lucene-baseline", mixinStandardHelpOptions = true,
        description = "Indexes the corpus straight into Lucene with N threads and prints events/s.")
public final class RawLuceneBaseline implements Callable<Integer> {
    /** Lucene rejects longer terms; Elasticsearch drops such keyword values the same way. */
    private static final int MAX_KEYWORD_BYTES = 32_766;
    private static final Set<String> TIMESTAMPS = Set.of("timestamp", "utctimestamp", "receivedtimestamp");
    private static final int CHUNK = 1_000;

    @Option(names = "--events", description = "Events to index (default ${DEFAULT-VALUE}).")
    long events = 1_000_000;

    @Option(names = "--max-seconds", description = "Stop taking new events after this many seconds (default ${DEFAULT-VALUE}).")
    int maxSeconds = 120;

    @Option(names = "--threads", description = "Indexing threads (default ${DEFAULT-VALUE}).")
    int threads = 2;

    @Option(names = "--seed", description = "Corpus seed (default ${DEFAULT-VALUE}).")
    long seed = 42;

    @Option(names = "--pool", description = "Distinct events in the corpus, cycled (default ${DEFAULT-VALUE}).")
    int pool = 100_000;

    @Option(names = "--mix", description = "CORPUS or SYNTHETIC, as for the load generator (default ${DEFAULT-VALUE}).",
            converter = LoadOptions.MixConverter.class)
    EventCorpus.Mix mix = EventCorpus.Mix.CORPUS;

    @Option(names = "--ram-buffer-mb", description = "IndexWriter RAM buffer (default ${DEFAULT-VALUE}).")
    double ramBufferMb = 64;

    @Option(names = "--doc-values", description = "Also write doc values for keywords and numbers, as an aggregating store does.")
    boolean docValues;

    @Option(names = "--dir", description = "Index directory (default: a temporary one, deleted afterwards).")
    Path dir;

    /** Runs the baseline; see {@code --help}. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new RawLuceneBaseline()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (events < 1 || threads < 1 || pool < 1 || maxSeconds < 1) {
            throw new IllegalArgumentException("--events, --threads, --pool and --max-seconds must be positive");
        }
        EventCorpus corpus = EventCorpus.generate(seed, pool, Instant.now(), mix);
        boolean temporary = dir == null;
        Path indexDir = temporary ? Files.createTempDirectory("rampart-raw-lucene") : dir;
        try {
            long start = System.nanoTime();
            long cpuStart = ProcessCpu.nanos();
            long indexed = index(corpus, indexDir, events, threads, ramBufferMb, docValues, maxSeconds);
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpuSeconds = (ProcessCpu.nanos() - cpuStart) / 1e9;
            double rate = indexed / seconds;
            System.out.printf(Locale.ROOT, "raw Lucene: %d events (%.0f bytes each) with %d threads%s in %.2f s: %.0f events/s;"
                            + " %.1f CPU s (%.0f events per CPU second); index %d MB%n", indexed, corpus.averageBytes(),
                    threads, docValues ? " and doc values" : "", seconds, rate, cpuSeconds, indexed / cpuSeconds,
                    sizeOf(indexDir) >> 20);
            System.out.printf(Locale.ROOT, "RESULT system=raw-lucene events=%d accepted=%d errors=0 send_s=%.2f"
                    + " intake_eps=%.0f e2e_eps=%.0f server_cpu_s=%.1f%n", indexed, indexed, seconds, rate, rate, cpuSeconds);
            return 0;
        } finally {
            if (temporary) {
                deleteTree(indexDir);
            }
        }
    }

    /**
     * Parses and indexes up to {@code events} events of the corpus into {@code indexDir}, taking no new ones after
     * {@code maxSeconds}, then commits; returns how many it indexed.
     */
    static long index(EventCorpus corpus, Path indexDir, long events, int threads, double ramBufferMb, boolean docValues,
                      long maxSeconds) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + maxSeconds * 1_000_000_000L;
        AtomicLong indexed = new AtomicLong();
        IndexWriterConfig config = new IndexWriterConfig(new StandardAnalyzer())
                .setRAMBufferSizeMB(ramBufferMb)
                .setOpenMode(IndexWriterConfig.OpenMode.CREATE);
        AtomicLong next = new AtomicLong();
        try (Directory directory = FSDirectory.open(indexDir);
             IndexWriter writer = new IndexWriter(directory, config);
             ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                running.add(pool.submit(() -> {
                    while (System.nanoTime() < deadline) {
                        long from = next.getAndAdd(CHUNK);
                        if (from >= events) {
                            break;
                        }
                        long to = Math.min(events, from + CHUNK);
                        for (long i = from; i < to; i++) {
                            writer.addDocument(document(corpus.event(i), docValues));
                        }
                        indexed.addAndGet(to - from);
                    }
                    return null;
                }));
            }
            for (Future<?> future : running) {
                try {
                    future.get();
                } catch (ExecutionException e) {
                    throw new IOException("indexing failed", e.getCause());
                }
            }
            writer.commit();
        }
        return indexed.get();
    }

    /** Each leaf a keyword, {@code summary} also analyzed text, top-level timestamps as points, the event stored. */
    static Document document(byte[] json, boolean docValues) throws IOException {
        Document doc = new Document();
        doc.add(new StoredField("_source", new BytesRef(json)));
        addFields(doc, "", Json.MAPPER.readTree(json), docValues);
        return doc;
    }

    private static void addFields(Document doc, String path, JsonNode node, boolean docValues) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                addFields(doc, path.isEmpty() ? field.getKey() : path + "." + field.getKey(), field.getValue(), docValues);
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                addFields(doc, path, element, docValues);
            }
        } else if (node.isValueNode() && !node.isNull()) {
            // MozDef's mapping template makes numbers keywords too, and one field name keeps one Lucene schema.
            addString(doc, path, node.asText(), docValues);
        }
    }

    private static void addString(Document doc, String path, String value, boolean docValues) {
        if (TIMESTAMPS.contains(path)) {
            try {
                long millis = OffsetDateTime.parse(value).toInstant().toEpochMilli();
                doc.add(new LongPoint(path, millis));
                if (docValues) {
                    doc.add(new SortedNumericDocValuesField(path, millis));
                }
                return;
            } catch (DateTimeParseException e) {
                // Not ISO 8601: a keyword beside the points, since one field name keeps one Lucene schema.
                path = path + ".keyword";
            }
        }
        if ("summary".equals(path)) {
            doc.add(new TextField(path, value, Field.Store.NO));
            path = "summary.keyword";
        }
        BytesRef term = new BytesRef(value);
        if (term.length > MAX_KEYWORD_BYTES) {
            return;
        }
        doc.add(new StringField(path, term, Field.Store.NO));
        if (docValues) {
            doc.add(new SortedSetDocValuesField(path, term));
        }
    }

    private static long sizeOf(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    static void deleteTree(Path root) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
