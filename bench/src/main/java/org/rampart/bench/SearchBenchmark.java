package org.rampart.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.rampart.event.Json;
import org.rampart.query.EventStore;
import org.rampart.query.IndexNames;
import org.rampart.query.QueryJson;
import org.rampart.query.StorePartition;
import org.rampart.store.lucene.LuceneEventStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Times searches over a large stored history, Rampart next to OpenSearch: loads N events with
 * {@link AlertBenchmark#load} spread over the days before an anchor into a {@link LuceneEventStore}, and (with
 * {@code --opensearch}) M events of the same generator over the same days into an OpenSearch {@code events} index
 * with MozDef's mapping; then runs each query of {@link #QUERIES} over the last 24 hours and the last 7 days on both,
 * one query at a time on one side then the other, and prints p50/p99 with the number of matching events.
 *
 * <p>Rampart's side goes the way of a REST {@code POST /query}: the JSON body is read by {@link QueryJson}, run by
 * {@link EventStore#search} or {@link EventStore#aggregate} and written back as JSON, all of it timed, only HTTP left
 * out. OpenSearch's side is the equivalent query DSL over HTTP with {@code request_cache=false}, reply read whole.
 */
@Command(name = "search-benchmark", mixinStandardHelpOptions = true,
        description = "Loads N events into an embedded store (and M into OpenSearch) and times searches over them.")
public final class SearchBenchmark implements Callable<Integer> {
    /** Written after the Rampart load has committed; its presence is what {@code --reuse} trusts. */
    static final String MARKER = "search-bench.json";
    private static final String INDEX = "events";
    /** Events per {@code _bulk} request: small enough to be answered within the client's 60 s on a busy machine. */
    private static final int OPENSEARCH_BATCH = 1_000;
    private static final int BULK_ATTEMPTS = 3;

    /**
     * One kind of query: its Rampart matchers and its OpenSearch clause as JSON templates, filled with one value of
     * {@code values} per run ({@code %1$s}, {@code %2$s}... are the space-separated parts of the value), and an
     * optional terms aggregation over {@code aggregate} (top 20).
     */
    record Query(String name, String rampart, String openSearch, String aggregate, List<String> values) {
        String fill(String template, String value) {
            return String.format(Locale.ROOT, template, (Object[]) value.split(" "));
        }
    }

    /** A time window ending at the anchor, as the REST body says it and as its length. */
    record Window(String name, String restKey, int restValue, Duration length) {}

    static final int TOP = 20;
    private static final List<String> WORDS = List.of("failed", "accepted", "session", "performed", "scanned",
            "identification", "execve", "closed");
    static final List<Query> QUERIES = List.of(
            new Query("full-text", "{\"term\": {\"summary\": \"%s\"}}", "{\"match\": {\"summary\": \"%s\"}}", null, WORDS),
            new Query("term", "{\"term\": {\"details.sourceipaddress\": \"%s\"}}",
                    "{\"term\": {\"details.sourceipaddress\": \"%s\"}}", null, AlertBenchmark.ATTACKERS),
            new Query("wildcard", "{\"wildcard\": {\"hostname\": \"%s*\"}}",
                    "{\"wildcard\": {\"hostname\": {\"value\": \"%s*\"}}}", null,
                    List.of("web", "db", "git", "proxy", "ldap", "build", "mail", "vpn")),
            new Query("range", "{\"range\": {\"details.sourceipaddress\": {\"from\": \"10.%1$s.0.0\", \"to\": \"10.%1$s.255.255\"}}}",
                    "{\"range\": {\"details.sourceipaddress\": {\"gte\": \"10.%1$s.0.0\", \"lte\": \"10.%1$s.255.255\"}}}", null,
                    List.of("0", "20", "41", "77", "128", "160", "203", "255")),
            new Query("terms-agg-top20", "{\"term\": {\"category\": \"%s\"}}", "{\"term\": {\"category\": \"%s\"}}",
                    "details.sourceipaddress", List.of("syslog", "bro", "authentication", "AWSCloudtrail", "network", "bronotice")),
            new Query("query-string", "{\"query_string\": \"(category:%1$s AND NOT tags:%2$s) OR summary:%3$s\"}",
                    "{\"query_string\": {\"query\": \"(category:%1$s AND NOT tags:%2$s) OR summary:%3$s\"}}", null,
                    List.of("bro sshd failed", "execve nsm accepted", "authentication audit performed",
                            "AWSCloudtrail ldap session", "network aws scanned", "syslog firewall closed")));
    static final List<Window> WINDOWS = List.of(new Window("24h", "hours", 24, Duration.ofHours(24)),
            new Window("7d", "days", 7, Duration.ofDays(7)));

    @Option(names = "--events", description = "Events to store in Rampart (default ${DEFAULT-VALUE}).")
    long events = 10_000_000;

    @Option(names = "--data", description = "Rampart store folder (default: a temporary one, deleted afterwards).")
    Path data;

    @Option(names = "--reuse", description = "Skip loading when --data already holds a finished load of the same"
            + " --events and --days.")
    boolean reuse;

    @Option(names = "--days", description = "Span of the loaded events: spread evenly over this many days before the"
            + " anchor, so D+1 daily partitions (default ${DEFAULT-VALUE}).")
    int days = 7;

    @Option(names = "--repeat", description = "Timed runs per query and window, after one untimed run of each value"
            + " (default ${DEFAULT-VALUE}).")
    int repeat = 100;

    @Option(names = "--size", description = "Hits per search, as a REST body's \"size\" (default ${DEFAULT-VALUE},"
            + " the REST default).")
    int size = 1_000;

    @Option(names = "--opensearch", description = "Base URL of a running OpenSearch node to compare with (default:"
            + " Rampart only). Its events index is dropped and loaded again.")
    URI openSearch;

    @Option(names = "--opensearch-events", description = "Events to load into OpenSearch (default ${DEFAULT-VALUE};"
            + " 0 skips OpenSearch).")
    long openSearchEvents = 2_000_000;

    @Option(names = "--queries", split = ",", description = "Only these queries (names as in the table, e.g."
            + " terms-agg-top20), to profile one; default all.")
    List<String> only = List.of();

    @Mixin
    CorpusLoadOptions loading = new CorpusLoadOptions();

    /** Runs the benchmark; see {@code --help}. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new SearchBenchmark()).execute(args));
    }

    /** Latency and results of one query over one window on one system. */
    record Timing(String system, String query, String window, double p50Millis, double p99Millis, long matches,
            long returned, long topBuckets, long replyBytes) {}

    /**
     * One search: hits returned, the sum of the top buckets' counts, the reply's size, and how long the system took
     * from the request to the whole reply (the client's parsing of an OpenSearch reply left out).
     */
    record Reply(int hits, long topBuckets, int bytes, long nanos) {}

    /** A system under test: runs one filled query, and counts its matches (untimed). */
    interface Side {
        String name();

        Reply search(Query query, Window window, String value) throws IOException;

        long count(Query query, Window window, String value) throws IOException;
    }

    @Override
    public Integer call() throws Exception {
        if (events < 1 || loading.threads < 1 || loading.pool < 1 || days < 1 || repeat < 1 || openSearchEvents < 0) {
            throw new IllegalArgumentException("--events, --threads, --pool, --days and --repeat must be positive");
        }
        Duration span = Duration.ofDays(days);
        boolean temporary = data == null;
        Path dir = temporary ? Files.createTempDirectory("rampart-search-bench") : data;
        try {
            Optional<Instant> stored = AlertBenchmark.reusableAnchor(dir, MARKER, events, span, reuse);
            Instant anchor = stored.orElseGet(() -> Instant.now().truncatedTo(ChronoUnit.MILLIS));
            try (LuceneEventStore store = LuceneEventStore.open(dir, Clock.fixed(anchor, ZoneOffset.UTC))) {
                if (stored.isPresent()) {
                    System.out.printf(Locale.ROOT, "reusing %d events in %s (anchor %s)%n", events, dir, anchor);
                } else {
                    AlertBenchmark.loadAndMark(store, dir, MARKER, events, anchor, span, loading.seed, loading.pool,
                            loading.threads);
                }
                store.refresh();
                // What the server's lifecycle.events.merge_after does an hour after each day ends (no-op when reused).
                long mergeStart = System.nanoTime();
                int mergedDays = store.mergeFinishedDays(Duration.ZERO);
                System.out.printf(Locale.ROOT, "RESULT system=rampart phase=merge-finished-days partitions=%d seconds=%.1f%n",
                        mergedDays, (System.nanoTime() - mergeStart) / 1e9);
                List<StorePartition> partitions = store.partitions();
                System.out.printf(Locale.ROOT, "RESULT system=rampart phase=stored events=%d partitions=%d disk_mb=%d%n",
                        events, partitions.size(), partitions.stream().mapToLong(StorePartition::sizeBytes).sum() >> 20);
                List<Side> sides = new ArrayList<>();
                sides.add(new RampartSide(store, anchor, size));
                if (openSearch != null && openSearchEvents > 0) {
                    sides.add(OpenSearchSide.load(openSearch, openSearchEvents, anchor, span, loading.seed,
                            loading.pool, loading.threads, size));
                }
                List<Query> queries = QUERIES.stream().filter(q -> only.isEmpty() || only.contains(q.name())).toList();
                if (queries.isEmpty()) {
                    throw new IllegalArgumentException("--queries names none of " + QUERIES.stream().map(Query::name).toList());
                }
                List<Timing> timings = measure(queries, sides, repeat);
                print(timings, events, openSearchEvents);
            }
            return 0;
        } finally {
            if (temporary) {
                RawLuceneBaseline.deleteTree(dir);
            }
        }
    }

    /**
     * Every query over every window, on each side in turn (so a slower minute of a shared machine hits both):
     * one untimed run per value, the count of each value's matches, then {@code repeat} timed runs cycling the
     * values so that no cache answers every run.
     */
    static List<Timing> measure(List<Query> queries, List<Side> sides, int repeat) throws IOException {
        List<Timing> timings = new ArrayList<>();
        for (Query query : queries) {
            for (Window window : WINDOWS) {
                for (Side side : sides) {
                    long matches = 0;
                    long returned = 0;
                    long topBuckets = 0;
                    long bytes = 0;
                    for (String value : query.values()) {
                        Reply reply = side.search(query, window, value);
                        returned += reply.hits();
                        topBuckets += reply.topBuckets();
                        bytes += reply.bytes();
                        matches += side.count(query, window, value);
                    }
                    double[] millis = new double[repeat];
                    for (int r = 0; r < repeat; r++) {
                        String value = query.values().get(r % query.values().size());
                        millis[r] = side.search(query, window, value).nanos() / 1e6;
                    }
                    Arrays.sort(millis);
                    timings.add(new Timing(side.name(), query.name(), window.name(), percentile(millis, 50),
                            percentile(millis, 99), matches, returned, query.aggregate() == null ? -1 : topBuckets,
                            bytes / query.values().size()));
                }
            }
        }
        return timings;
    }

    /** Nearest-rank percentile of sorted values. */
    static double percentile(double[] sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    /** The daily partitions a window ending at {@code anchor} touches, oldest first: the REST body's "indices". */
    static List<String> partitions(Instant anchor, Duration window) {
        List<String> names = new ArrayList<>();
        LocalDate last = LocalDate.ofInstant(anchor, ZoneOffset.UTC);
        for (LocalDate day = LocalDate.ofInstant(anchor.minus(window), ZoneOffset.UTC); !day.isAfter(last);
                day = day.plusDays(1)) {
            names.add(IndexNames.eventsPartition(day));
        }
        return names;
    }

    /** Rampart in-process, through the REST {@code /query} handler's steps. */
    static final class RampartSide implements Side {
        private final EventStore store;
        private final Instant anchor;
        private final int size;

        RampartSide(EventStore store, Instant anchor, int size) {
            this.store = store;
            this.anchor = anchor;
            this.size = size;
        }

        @Override
        public String name() {
            return "rampart";
        }

        /** The body a client POSTs to {@code /query}. */
        String body(Query query, Window window, String value) {
            ObjectNode body = Json.object().put(window.restKey(), window.restValue()).put("size", size);
            ArrayNode indices = body.putArray("indices");
            partitions(anchor, window.length()).forEach(indices::add);
            body.putArray("must").add(json(query.fill(query.rampart(), value)));
            if (query.aggregate() != null) {
                body.putArray("aggregations").addObject().put("field", query.aggregate()).put("size", TOP);
            }
            return body.toString();
        }

        @Override
        public Reply search(Query query, Window window, String value) throws IOException {
            String body = body(query, window, value);
            long start = System.nanoTime();
            // What QueryRoutes.query does with a request body.
            QueryJson.Request request = QueryJson.readRequest(Json.MAPPER.readTree(body));
            ObjectNode result = request.query().aggregations().isEmpty()
                    ? store.search(request.query(), request.indices(), request.size()).toJson()
                    : store.aggregate(request.query(), request.indices(), request.size()).toJson();
            byte[] reply = result.toString().getBytes(StandardCharsets.UTF_8);
            long nanos = System.nanoTime() - start;
            return new Reply(result.path("hits").size(), bucketSum(result.path("aggregations")
                    .path(String.valueOf(query.aggregate())).path("terms"), "count"), reply.length, nanos);
        }

        @Override
        public long count(Query query, Window window, String value) throws IOException {
            QueryJson.Request request = QueryJson.readRequest(Json.MAPPER.readTree(body(query, window, value)));
            return store.count(request.query(), request.indices());
        }
    }

    /** An OpenSearch node over HTTP: one {@code events} index with MozDef's mapping, queried with the DSL. */
    static final class OpenSearchSide implements Side {
        private final HttpConnection connection;
        private final Instant anchor;
        private final int size;

        private OpenSearchSide(URI base, Instant anchor, int size) {
            this.connection = HttpConnection.to(base);
            this.anchor = anchor;
            this.size = size;
        }

        /**
         * Makes a fresh {@code events} index (as {@link OpenSearchBulkBaseline}), loads {@code events} events of
         * {@link AlertBenchmark#event} over {@code span} before {@code anchor} through {@code _bulk} with refresh
         * off, then refreshes once (no force-merge).
         */
        static OpenSearchSide load(URI base, long events, Instant anchor, Duration span, long seed, int pool,
                int threads, int size) throws Exception {
            OpenSearchBulkBaseline.createIndex(base, false, Map.of());
            OpenSearchSide side = new OpenSearchSide(base, anchor, size);
            side.send("PUT", "/" + INDEX + "/_settings", "{\"index\": {\"refresh_interval\": \"-1\"}}");
            EventCorpus corpus = AlertBenchmark.corpus(seed, pool, events, anchor);
            long start = System.nanoTime();
            AtomicLong next = new AtomicLong();
            try (ExecutorService senders = Executors.newFixedThreadPool(threads)) {
                List<Future<?>> running = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    running.add(senders.submit(() -> {
                        try (HttpConnection bulk = HttpConnection.to(base)) {
                            for (long from = next.getAndAdd(OPENSEARCH_BATCH); from < events;
                                    from = next.getAndAdd(OPENSEARCH_BATCH)) {
                                ByteArrayOutputStream body = new ByteArrayOutputStream(OPENSEARCH_BATCH * 700);
                                for (long i = from; i < Math.min(events, from + OPENSEARCH_BATCH); i++) {
                                    // Its number as the id, so a request retried after a timeout writes nothing twice.
                                    body.writeBytes(("{\"index\":{\"_index\":\"" + INDEX + "\",\"_id\":\"" + i + "\"}}\n")
                                            .getBytes(StandardCharsets.UTF_8));
                                    body.writeBytes(Json.MAPPER.writeValueAsBytes(AlertBenchmark.event(corpus, seed, i,
                                            AlertBenchmark.at(i, events, anchor, span))));
                                    body.write('\n');
                                }
                                sendBulk(bulk, body.toByteArray());
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> future : running) {
                    future.get();
                }
            }
            side.send("PUT", "/" + INDEX + "/_settings", "{\"index\": {\"refresh_interval\": null}}");
            side.send("POST", "/" + INDEX + "/_refresh", null);
            double seconds = (System.nanoTime() - start) / 1e9;
            JsonNode stats = side.send("GET", "/" + INDEX + "/_stats/store,docs", null).path("_all").path("primaries");
            System.out.printf(Locale.ROOT, "loaded %d events into OpenSearch in %.1f s (%.0f events/s, %d connections),"
                    + " refreshed, not force-merged%n", events, seconds, events / seconds, threads);
            System.out.printf(Locale.ROOT, "RESULT system=opensearch phase=stored events=%d docs=%d segments_merged=no"
                            + " disk_mb=%d load_s=%.1f%n", events, stats.path("docs").path("count").asLong(),
                    stats.path("store").path("size_in_bytes").asLong() >> 20, seconds);
            return side;
        }

        private static void sendBulk(HttpConnection bulk, byte[] body) throws IOException {
            for (int attempt = 1; ; attempt++) {
                try {
                    HttpConnection.Response reply = bulk.send("POST", "/_bulk", "application/x-ndjson", body);
                    if (reply.status() != 200 || Json.MAPPER.readTree(reply.body()).path("errors").asBoolean()) {
                        throw new IllegalStateException("_bulk failed: " + reply.status() + " "
                                + reply.text().substring(0, Math.min(500, reply.text().length())));
                    }
                    return;
                } catch (IOException e) {
                    if (attempt == BULK_ATTEMPTS) {
                        throw e;
                    }
                }
            }
        }

        @Override
        public String name() {
            return "opensearch";
        }

        /** The clause and the window (utctimestamp or receivedtimestamp in it, as Rampart's window), in filter context. */
        ObjectNode query(Query query, Window window, String value) {
            String from = anchor.minus(window.length()).toString();
            String to = anchor.toString();
            ObjectNode bool = Json.object();
            ArrayNode filter = bool.putObject("bool").putArray("filter");
            filter.add(json(query.fill(query.openSearch(), value)));
            ArrayNode either = filter.addObject().putObject("bool").put("minimum_should_match", 1).putArray("should");
            for (String field : List.of("utctimestamp", "receivedtimestamp")) {
                either.addObject().putObject("range").putObject(field).put("gte", from).put("lte", to);
            }
            return bool;
        }

        @Override
        public Reply search(Query query, Window window, String value) throws IOException {
            ObjectNode body = Json.object().put("size", size);
            body.set("query", query(query, window, value));
            if (query.aggregate() != null) {
                body.putObject("aggs").putObject("top").putObject("terms").put("field", query.aggregate()).put("size", TOP);
            }
            byte[] request = body.toString().getBytes(StandardCharsets.UTF_8);
            long start = System.nanoTime();
            HttpConnection.Response response = connection.send("POST", "/" + INDEX + "/_search?request_cache=false",
                    "application/json", request);
            long nanos = System.nanoTime() - start;
            JsonNode reply = checked(response, "_search");
            return new Reply(reply.path("hits").path("hits").size(),
                    bucketSum(reply.path("aggregations").path("top").path("buckets"), "doc_count"), response.body().length,
                    nanos);
        }

        @Override
        public long count(Query query, Window window, String value) throws IOException {
            ObjectNode body = Json.object();
            body.set("query", query(query, window, value));
            return send("POST", "/" + INDEX + "/_count", body.toString()).path("count").asLong();
        }

        private JsonNode send(String method, String path, String body) throws IOException {
            return checked(connection.send(method, path, body == null ? null : "application/json",
                    body == null ? null : body.getBytes(StandardCharsets.UTF_8)), method + " " + path);
        }

        private static JsonNode checked(HttpConnection.Response reply, String what) throws IOException {
            if (reply.status() / 100 != 2) {
                throw new IOException(what + " failed: " + reply.status() + " " + reply.text());
            }
            return Json.MAPPER.readTree(reply.body());
        }
    }

    private static long bucketSum(JsonNode buckets, String countField) {
        long sum = 0;
        for (JsonNode bucket : buckets) {
            sum += bucket.path(countField).asLong();
        }
        return sum;
    }

    private static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException("a query template is valid JSON: " + text, e);
        }
    }

    /** One markdown table, Rampart next to OpenSearch per row, then one RESULT line per system, query and window. */
    static void print(List<Timing> timings, long events, long openSearchEvents) {
        boolean both = timings.stream().anyMatch(t -> t.system().equals("opensearch"));
        System.out.println();
        System.out.println(both
                ? "| query | window | Rampart p50 ms | Rampart p99 ms | OpenSearch p50 ms | OpenSearch p99 ms | p99 OpenSearch ÷ Rampart | Rampart matches | OpenSearch matches | top-20 bucket sum R / OS |"
                : "| query | window | Rampart p50 ms | Rampart p99 ms | Rampart matches | top-20 bucket sum |");
        System.out.println(both ? "|---|---|---|---|---|---|---|---|---|---|" : "|---|---|---|---|---|---|");
        for (Timing r : timings) {
            if (!r.system().equals("rampart")) {
                continue;
            }
            String buckets = r.topBuckets() < 0 ? "-" : String.valueOf(r.topBuckets());
            Optional<Timing> os = timings.stream().filter(t -> t.system().equals("opensearch")
                    && t.query().equals(r.query()) && t.window().equals(r.window())).findFirst();
            if (os.isPresent()) {
                Timing o = os.get();
                System.out.printf(Locale.ROOT, "| %s | %s | %.1f | %.1f | %.1f | %.1f | %.2f | %d | %d | %s |%n", r.query(),
                        r.window(), r.p50Millis(), r.p99Millis(), o.p50Millis(), o.p99Millis(), o.p99Millis() / r.p99Millis(),
                        r.matches(), o.matches(), o.topBuckets() < 0 ? "-" : buckets + " / " + o.topBuckets());
            } else {
                System.out.printf(Locale.ROOT, "| %s | %s | %.1f | %.1f | %d | %s |%n", r.query(), r.window(),
                        r.p50Millis(), r.p99Millis(), r.matches(), buckets);
            }
        }
        System.out.println();
        for (Timing t : timings) {
            System.out.printf(Locale.ROOT, "RESULT system=%s query=%s window=%s events=%d p50_ms=%.2f p99_ms=%.2f"
                            + " matches=%d returned=%d top_bucket_sum=%d reply_bytes=%d%n", t.system(), t.query(), t.window(),
                    t.system().equals("rampart") ? events : openSearchEvents, t.p50Millis(), t.p99Millis(), t.matches(),
                    t.returned(), t.topBuckets(), t.replyBytes());
        }
        List<Timing> rampart = timings.stream().filter(t -> t.system().equals("rampart")).toList();
        System.out.printf(Locale.ROOT, "RESULT system=rampart summary=yes max_p99_ms=%.1f p99_under_100ms=%d/%d%n",
                rampart.stream().mapToDouble(Timing::p99Millis).max().orElse(0),
                rampart.stream().filter(t -> t.p99Millis() < 100).count(), rampart.size());
    }
}
