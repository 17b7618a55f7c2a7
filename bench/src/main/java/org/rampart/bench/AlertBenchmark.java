package org.rampart.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.rampart.alerts.AlertEnvironment;
import org.rampart.alerts.AlertLibrary;
import org.rampart.alerts.AlertTask;
import org.rampart.event.Json;
import org.rampart.event.Timestamps;
import org.rampart.query.AggregatedResults;
import org.rampart.query.EventStore;
import org.rampart.query.ForwardingEventStore;
import org.rampart.query.IndexRequest;
import org.rampart.query.SearchQuery;
import org.rampart.query.SimpleResults;
import org.rampart.query.StoredDocument;
import org.rampart.store.lucene.LuceneEventStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Times one dry run of every bundled alert over a large stored history: loads N events (the {@link EventCorpus}
 * mix plus a share of attacks that bundled alerts catch) straight into a {@link LuceneEventStore}, spread over the
 * 20 minutes before an anchor instant, then runs each alert once with the store and the alert on a clock fixed at
 * that anchor, so a reused data folder gives the same windows later.
 */
@Command(name = "alert-benchmark", mixinStandardHelpOptions = true,
        description = "Loads N events into an embedded store and times one dry run of every bundled alert.")
public final class AlertBenchmark implements Callable<Integer> {
    /** Written after the load has committed; its presence is what {@code --reuse} trusts. */
    static final String MARKER = "alert-bench.json";
    static final Duration SPREAD = Duration.ofMinutes(20);
    /** One event in this many is an attack (about 1 %). */
    private static final int ATTACK_EVERY = 100;
    private static final int BATCH = 5_000;
    static final List<String> ATTACKERS = List.of("203.0.113.7", "198.51.100.23", "192.0.2.150",
            "185.220.101.4", "45.155.205.99", "91.240.118.172", "61.177.172.60", "218.92.0.112");

    @Option(names = "--events", description = "Events to store (default ${DEFAULT-VALUE}).")
    long events = 10_000_000;

    @Option(names = "--data", description = "Store folder (default: a temporary one, deleted afterwards).")
    Path data;

    @Option(names = "--reuse", description = "Skip loading when --data already holds the same number of events.")
    boolean reuse;

    @Mixin
    CorpusLoadOptions loading = new CorpusLoadOptions();

    @Option(names = "--warmup", description = "Run every alert once untimed first, as in a long-running server.")
    boolean warmup;

    /** Runs the benchmark; see {@code --help}. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new AlertBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (events < 1 || loading.threads < 1 || loading.pool < 1) {
            throw new IllegalArgumentException("--events, --threads and --pool must be positive");
        }
        boolean temporary = data == null;
        Path dir = temporary ? Files.createTempDirectory("rampart-alert-bench") : data;
        try {
            Optional<Instant> stored = reusableAnchor(dir, MARKER, events, SPREAD, reuse);
            Instant anchor = stored.orElseGet(() -> Instant.now().truncatedTo(ChronoUnit.MILLIS));
            Clock clock = Clock.fixed(anchor, ZoneOffset.UTC);
            try (LuceneEventStore store = LuceneEventStore.open(dir, clock)) {
                if (stored.isPresent()) {
                    System.out.printf(Locale.ROOT, "reusing %d events in %s (anchor %s)%n", events, dir, anchor);
                } else {
                    loadAndMark(store, dir, MARKER, events, anchor, SPREAD, loading.seed, loading.pool,
                            loading.threads);
                }
                store.refresh();
                if (warmup) {
                    runAll(store, clock);
                }
                print(runAll(store, clock));
            }
            return 0;
        } finally {
            if (temporary) {
                RawLuceneBaseline.deleteTree(dir);
            }
        }
    }

    static boolean isEmpty(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return true;
        }
        try (Stream<Path> children = Files.list(dir)) {
            return children.findAny().isEmpty();
        }
    }

    /**
     * The anchor of a finished earlier load to reuse (with {@code reuse}, when {@code marker} in {@code dir} records
     * the same events and span), else empty after checking that {@code dir} is empty, ready for a fresh load.
     */
    static Optional<Instant> reusableAnchor(Path dir, String marker, long events, Duration span, boolean reuse)
            throws IOException {
        Optional<Instant> stored = reuse ? storedAnchor(dir.resolve(marker), events, span) : Optional.empty();
        if (stored.isEmpty() && !isEmpty(dir)) {
            // Loading on top of other data (or a half-finished load) would time searches over the wrong history.
            throw new IllegalArgumentException(dir + " is not empty and holds no finished load of " + events
                    + " events over " + span + "; give an empty folder, or --reuse with the options it was loaded with");
        }
        return stored;
    }

    /**
     * The anchor recorded in {@code marker} if it records exactly {@code events} events over {@code span}. A marker
     * without a span was written before the span was an option, by a load over {@link #SPREAD}.
     */
    static Optional<Instant> storedAnchor(Path marker, long events, Duration span) throws IOException {
        if (!Files.exists(marker)) {
            return Optional.empty();
        }
        var node = Json.MAPPER.readTree(marker.toFile());
        boolean same = node.path("events").asLong() == events
                && Duration.parse(node.path("span").asText(SPREAD.toString())).equals(span);
        return same ? Optional.of(Instant.parse(node.path("anchor").asText())) : Optional.empty();
    }

    /** {@link #load}s, then writes {@code marker} into {@code dir}: the load committed, so it can be reused. */
    static void loadAndMark(EventStore store, Path dir, String marker, long events, Instant anchor, Duration span,
            long seed, int pool, int threads) throws IOException, InterruptedException, ExecutionException {
        long start = System.nanoTime();
        load(store, events, anchor, span, seed, pool, threads);
        double seconds = (System.nanoTime() - start) / 1e9;
        Files.writeString(dir.resolve(marker), Json.MAPPER.writeValueAsString(Json.object()
                .put("events", events).put("anchor", anchor.toString()).put("span", span.toString())));
        System.out.printf(Locale.ROOT, "loaded %d events in %.1f s (%.0f events/s, %d threads), committed%n",
                events, seconds, events / seconds, threads);
    }

    /**
     * Writes {@code events} events in time order spread evenly over the {@code span} before {@code anchor}, batches
     * of {@link #BATCH} appended by {@code threads} threads, then commits.
     */
    static void load(EventStore store, long events, Instant anchor, Duration span, long seed, int pool, int threads)
            throws InterruptedException, ExecutionException {
        EventCorpus corpus = corpus(seed, pool, events, anchor);
        AtomicLong next = new AtomicLong();
        try (ExecutorService workers = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                running.add(workers.submit(() -> {
                    for (long from = next.getAndAdd(BATCH); from < events; from = next.getAndAdd(BATCH)) {
                        List<IndexRequest> batch = new ArrayList<>(BATCH);
                        for (long i = from; i < Math.min(events, from + BATCH); i++) {
                            batch.add(IndexRequest.append("events", null, event(corpus, seed, i, at(i, events, anchor, span))));
                        }
                        store.index(batch);
                    }
                    return null;
                }));
            }
            for (Future<?> future : running) {
                future.get();
            }
        }
        store.commit();
    }

    /** The corpus {@link #load} draws {@code events} events from. */
    static EventCorpus corpus(long seed, int pool, long events, Instant anchor) {
        return EventCorpus.generate(seed, (int) Math.min(pool, events), anchor);
    }

    /** When event {@code i} of {@code events} spread evenly over the {@code span} before {@code anchor} happened. */
    static Instant at(long i, long events, Instant anchor, Duration span) {
        long spanMicros = span.toNanos() / 1000;
        // spanMicros * i / events without its overflow (past ~15 days at 10 M events), to the same microsecond.
        long offset = spanMicros / events * i + spanMicros % events * i / events;
        return anchor.minus(span).plus(offset, ChronoUnit.MICROS);
    }

    /** Event {@code i}: a corpus event, or every {@link #ATTACK_EVERY}th an attack, stamped as the pipeline would. */
    static ObjectNode event(EventCorpus corpus, long seed, long i, Instant at) {
        ObjectNode event;
        if (i % ATTACK_EVERY == ATTACK_EVERY - 1) {
            event = attack(new SplittableRandom(seed ^ i * 0x9E3779B97F4A7C15L));
        } else {
            try {
                event = (ObjectNode) Json.MAPPER.readTree(corpus.event(i));
            } catch (IOException e) {
                throw new IllegalStateException("the corpus holds valid JSON", e);
            }
        }
        // The shipper's time is the event's; the intake stamps receipt a moment later, as esworker does.
        event.put("timestamp", Timestamps.isoformat(at));
        event.put("utctimestamp", Timestamps.isoformat(at));
        event.put("receivedtimestamp", Timestamps.isoformat(at.plusMillis(250)));
        event.put("mozdefhostname", "rampart-bench");
        return event;
    }

    /**
     * An attack that a bundled alert catches: mostly sshd password guessing from a few addresses (bruteforce_ssh),
     * then LDAP password guessing, Bro address scans, NICs going promiscuous and CloudTrail logging stopped.
     */
    static ObjectNode attack(SplittableRandom random) {
        ObjectNode event = Json.object();
        ObjectNode details = event.putObject("details");
        String attacker = ATTACKERS.get(random.nextInt(ATTACKERS.size()));
        String host = "bastion" + (1 + random.nextInt(4)) + ".example.com";
        int kind = random.nextInt(100);
        if (kind < 70) {
            int port = 1024 + random.nextInt(60_000);
            event.put("category", "syslog").put("hostname", host).put("processname", "sshd").put("source", "systemslogs")
                    .put("severity", "INFO")
                    .put("summary", "Failed password for invalid user admin from " + attacker + " port " + port + " ssh2");
            details.put("program", "sshd").put("sourceipaddress", attacker).put("sourceport", port).put("username", "admin");
            event.putArray("tags").add("sshd").add("syslog");
        } else if (kind < 80) {
            String user = "mary" + random.nextInt(3) + "@example.com";
            event.put("category", "ldap").put("hostname", "ldap1.example.com").put("processname", "slapd")
                    .put("source", "ldap").put("severity", "WARNING")
                    .put("summary", "LDAP_INVALID_CREDENTIALS mail=" + user + ",o=com,dc=example srcIP=" + attacker);
            details.put("user", user).put("server", "ldap1.example.com").put("sourceipaddress", attacker);
            details.putObject("response").put("error", "LDAP_INVALID_CREDENTIALS");
            event.putArray("tags").add("ldap");
        } else if (kind < 90) {
            // MozDef's scan alerts watch internal scanners (nsm_scan_address.json: 10.0.0.0/8).
            String scanner = "10.20.30." + (40 + random.nextInt(3));
            event.put("category", "bro").put("hostname", "nsm1.example.com").put("processname", "bro")
                    .put("source", "notice").put("severity", "NOTICE")
                    .put("summary", scanner + " scanned at least 120 unique hosts on port 22 in 0m42s");
            details.put("note", "Scan::Address_Scan").put("sourceipaddress", scanner)
                    .put("destinationipaddress", "10.0." + random.nextInt(256) + "." + (1 + random.nextInt(254)))
                    .put("msg", scanner + " scanned at least 120 unique hosts on port 22 in 0m42s")
                    .put("sub", "local").put("indicators", scanner);
            event.putArray("tags").add("bro").add("nsm").add("notice");
        } else if (kind < 95) {
            event.put("category", "syslog").put("hostname", host).put("processname", "kernel")
                    .put("source", "systemslogs").put("severity", "INFO")
                    .put("summary", "device eth0 entered promiscuous mode");
            details.put("program", "kernel").put("dev", "eth0");
            event.putArray("tags").add("syslog");
        } else {
            event.put("category", "AWSCloudtrail").put("hostname", "cloudtrail.amazonaws.com").put("processname", "cloudtrail")
                    .put("source", "cloudtrail").put("severity", "INFO").put("summary", "mallory performed StopLogging");
            details.put("eventname", "StopLogging").put("eventsource", "cloudtrail.amazonaws.com")
                    .put("sourceipaddress", attacker).put("awsregion", "us-east-1");
            details.putObject("useridentity").put("type", "IAMUser").put("username", "mallory");
            event.putArray("tags").add("aws").add("cloudtrail");
        }
        return event;
    }

    /** One timed alert run. */
    record Timing(String alert, double millis, int raised, long searches, long hits, String error) {}

    /** Runs every bundled alert once, dry, on {@code clock}, one after the other so each timing is its own. */
    static List<Timing> runAll(EventStore store, Clock clock) {
        List<Timing> timings = new ArrayList<>();
        for (String name : AlertLibrary.classnames()) {
            CountingStore counting = new CountingStore(store);
            AlertEnvironment environment = AlertEnvironment.builder(counting, clock).dryRun(true)
                    .reverseDns(ip -> null)    // DNS would time the resolver, not the alert.
                    .build();
            AlertTask alert = AlertLibrary.create(name).orElseThrow();
            long start = System.nanoTime();
            List<StoredDocument> raised = List.of();
            String error = null;
            try {
                raised = alert.run(environment);
            } catch (RuntimeException e) {
                error = e.toString();
            }
            double millis = (System.nanoTime() - start) / 1e6;
            timings.add(new Timing(name, millis, raised.size(), counting.searches.get(), counting.hits.get(), error));
        }
        return timings;
    }

    static void print(List<Timing> timings) {
        System.out.printf(Locale.ROOT, "%-36s %10s %7s %9s %7s%n", "alert", "ms", "alerts", "searches", "hits");
        for (Timing t : timings) {
            System.out.printf(Locale.ROOT, "%-36s %10.1f %7d %9d %7d%s%n", t.alert(), t.millis(), t.raised(),
                    t.searches(), t.hits(), t.error() == null ? "" : "  FAILED: " + t.error());
        }
        System.out.println(summary(timings));
    }

    /** The summary line: slowest, median, how many finished under a second, alerts raised in all. */
    static String summary(List<Timing> timings) {
        List<Double> sorted = timings.stream().map(Timing::millis).sorted(Comparator.naturalOrder()).toList();
        double max = sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1);
        double p50 = sorted.isEmpty() ? 0 : sorted.get((sorted.size() - 1) / 2);
        long underSecond = sorted.stream().filter(ms -> ms < 1000).count();
        long failed = timings.stream().filter(t -> t.error() != null).count();
        int raised = timings.stream().mapToInt(Timing::raised).sum();
        return String.format(Locale.ROOT, "SUMMARY alerts=%d max_ms=%.1f p50_ms=%.1f under_1s=%d/%d raised=%d failed=%d",
                timings.size(), max, p50, underSecond, timings.size(), raised, failed);
    }

    /** Counts the searches an alert makes and the hits they return; everything else passes through. */
    private static final class CountingStore extends ForwardingEventStore {
        final AtomicLong searches = new AtomicLong();
        final AtomicLong hits = new AtomicLong();

        CountingStore(EventStore delegate) {
            super(delegate);
        }

        @Override
        public SimpleResults search(SearchQuery query, List<String> indices, int size) {
            SimpleResults results = delegate.search(query, indices, size);
            searches.incrementAndGet();
            hits.addAndGet(results.hits().size());
            return results;
        }

        @Override
        public AggregatedResults aggregate(SearchQuery query, List<String> indices, int size) {
            AggregatedResults results = delegate.aggregate(query, indices, size);
            searches.incrementAndGet();
            hits.addAndGet(results.hits().size());
            return results;
        }

        @Override
        public long count(SearchQuery query, List<String> indices) {
            searches.incrementAndGet();
            return delegate.count(query, indices);
        }
    }
}
