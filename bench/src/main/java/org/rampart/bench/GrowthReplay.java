package org.rampart.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.rampart.event.config.DataLayout;
import org.rampart.event.config.RampartConfig;
import org.rampart.intake.journal.EventIds;
import org.rampart.intake.journal.Journal;
import org.rampart.intake.journal.JournalOptions;
import org.rampart.intake.journal.JournalRecord;
import org.rampart.query.SearchQuery;
import org.rampart.server.run.RampartServer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Journal replay after a crash: M corpus events appended to a real journal the way intake appends them (fsynced
 * batches under fresh event ids) and never checkpointed, as after a kill -9 before the workers caught up; then a whole
 * server ({@link RampartServer#start}, as {@code rampart run} wires it) on that data folder, timed from its start until
 * the journal has nothing unconsumed, i.e. every event was stored, the store committed and the journal checkpointed.
 * The replayed events are upserts (they may have been stored before the crash): the real replay path.
 */
@Command(name = "growth-replay", mixinStandardHelpOptions = true,
        description = "Seconds per million events to replay an unconsumed journal into the store after a crash.")
public final class GrowthReplay implements Callable<Integer> {
    /** Records per journal append: one intake bulk request of 1,000 events. */
    private static final int APPEND_BATCH = 1_000;
    private static final Duration POLL = Duration.ofMillis(100);
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    /**
     * Events journaled, events found in the store afterwards, nanoseconds from the server's start until all were
     * checkpointed and until {@link RampartServer#start} returned (the workers replay during it already), process CPU.
     */
    public record Result(long events, long stored, long nanos, long startNanos, long cpuNanos) {
        /** Seconds per million events, the server's start included: what an operator waits after a crash. */
        public double secondsPerMillion() {
            return nanos / 1e9 / (events / 1e6);
        }

        String line() {
            return String.format(Locale.ROOT, "RESULT leg=growth-replay events=%d stored=%d seconds=%.1f start_s=%.1f"
                            + " s_per_million=%.1f cpu_s=%.1f load_avg=%.2f", events, stored, nanos / 1e9, startNanos / 1e9,
                    secondsPerMillion(), cpuNanos / 1e9, GrowthIngest.loadAverage());
        }
    }

    @Option(names = "--events", description = "Events in the journal (default ${DEFAULT-VALUE}).")
    long events = 1_000_000;

    @Option(names = "--data", description = "Data folder (default: a temporary one, deleted afterwards); must be empty.")
    Path data;

    @Option(names = "--seed", description = "Corpus seed (default ${DEFAULT-VALUE}).")
    long seed = 42;

    @Option(names = "--pool", description = "Distinct corpus events, cycled (default ${DEFAULT-VALUE}).")
    int pool = 100_000;

    public static void main(String[] args) {
        System.exit(new CommandLine(new GrowthReplay()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (events < 1 || pool < 1) {
            throw new IllegalArgumentException("--events and --pool must be positive");
        }
        boolean temporary = data == null;
        Path dir = temporary ? Files.createTempDirectory("rampart-growth-replay") : Files.createDirectories(data);
        try {
            System.out.println(run(dir).line());
            return 0;
        } finally {
            if (temporary) {
                RawLuceneBaseline.deleteTree(dir);
            }
        }
    }

    Result run(Path dir) throws Exception {
        // GeoIP from the rampart.geoip.dir system property, as ./rampart passes it to the server.
        RampartConfig config = RampartConfig.load(null, Map.of()).with(Map.of("data.dir", dir.toString(),
                "intake.port", "0", "rest.port", "0", "web.port", "0"));
        journal(config);
        long cpu = ProcessCpu.nanos();
        long start = System.nanoTime();
        try (RampartServer server = RampartServer.start(config)) {
            long started = System.nanoTime() - start;
            while (unconsumedBytes(server) > 0) {
                Thread.sleep(POLL);
            }
            long nanos = System.nanoTime() - start;
            long cpuNanos = ProcessCpu.nanos() - cpu;
            server.store().refresh();
            long stored = server.store().count(SearchQuery.all(), List.of("events-weekly"));
            return new Result(events, stored, nanos, started, cpuNanos);
        }
    }

    /** Appends {@link #events} corpus events to the data folder's journal as intake would, and closes it unconsumed. */
    private void journal(RampartConfig config) throws IOException {
        EventCorpus corpus = EventCorpus.generate(seed, (int) Math.min(pool, events), Instant.now());
        EventIds ids = new EventIds(Clock.systemUTC());
        long start = System.nanoTime();
        try (Journal journal = Journal.open(DataLayout.of(config).journal(), new JournalOptions(
                config.size("journal.segment_size"), config.duration("journal.group_commit_interval")))) {
            List<JournalRecord> batch = new ArrayList<>(APPEND_BATCH);
            for (long i = 0; i < events; i++) {
                batch.add(new JournalRecord(ids.next(), corpus.event(i)));
                if (batch.size() == APPEND_BATCH || i == events - 1) {
                    journal.append(batch);
                    batch.clear();
                }
            }
        }
        System.out.printf(Locale.ROOT, "journaled %d events in %.1f s, not checkpointed%n", events,
                (System.nanoTime() - start) / 1e9);
    }

    /** The journal bytes not yet checkpointed, from the server's metrics as Prometheus scrapes them. */
    private static double unconsumedBytes(RampartServer server) throws IOException, InterruptedException {
        HttpResponse<String> reply = CLIENT.send(HttpRequest.newBuilder(URI.create("http://" + server.bindAddress() + ":"
                        + server.restPort() + "/metrics")).header("Authorization", "Bearer " + server.apiToken()).build(),
                HttpResponse.BodyHandlers.ofString());
        if (reply.statusCode() != 200) {
            throw new IOException("GET /metrics answered " + reply.statusCode());
        }
        return reply.body().lines().filter(line -> line.startsWith("rampart_journal_unconsumed_bytes "))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.indexOf(' ') + 1)))
                .findFirst().orElseThrow(() -> new IOException("no rampart_journal_unconsumed_bytes in /metrics"));
    }
}
