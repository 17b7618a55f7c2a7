package org.rampart.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.rampart.event.Json;
import org.rampart.intake.journal.EventIds;
import org.rampart.pipeline.worker.EventProcessor;
import org.rampart.pipeline.worker.SourceEvent;
import org.rampart.query.IndexRequest;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What a user would run instead: the same corpus through a running OpenSearch node's {@code _bulk},
 * into an {@code events} index with MozDef's mapping template, until {@code _refresh} + {@code _count} see it all.
 */
@Command(name = "opensearch-bulk-baseline", mixinStandardHelpOptions = true,
        description = "Feeds the corpus to OpenSearch's _bulk and waits until _count sees every event.")
public final class OpenSearchBulkBaseline implements Callable<Integer> {
    private static final String INDEX = "events";
    private static final String PIPELINE = "rampart-work";

    @Option(names = "--opensearch", description = "Base URL of the node (default ${DEFAULT-VALUE}).")
    URI base = URI.create("http://127.0.0.1:9200");

    @Option(names = "--wait-seconds", description = "Give up waiting for searchability after this long (default ${DEFAULT-VALUE}).")
    int waitSeconds = 120;

    @Option(names = "--pipeline", description = "Run Rampart's per-event work inside OpenSearch: an ingest pipeline"
            + " (opensearch-rampart-pipeline.json) as the index's default pipeline.")
    boolean pipeline;

    @Option(names = "--enriched", description = "Send each corpus event as Rampart stores it: through Rampart's"
            + " pipeline first (normalization, the bundled plugins, GeoIP from --geoip-dir), so that OpenSearch indexes"
            + " the same documents as Rampart without doing the work that made them.")
    boolean enriched;

    @Option(names = "--geoip-dir", description = "GeoIP MMDB folder for --enriched (default: the rampart.geoip.dir"
            + " system property).")
    Path geoipDir = IndexingCost.geoipDirProperty();

    @Option(names = "--index-setting", paramLabel = "KEY=VALUE", description = "An index setting added to the"
            + " index's definition, e.g. index.search.idle.after=1h (OpenSearch then keeps its scheduled refreshes while"
            + " no search comes); repeatable.")
    Map<String, String> indexSettings = new LinkedHashMap<>();

    @Option(names = "--system", description = "Name printed in the RESULT line (default: opensearch, or os-pipeline"
            + " with --pipeline).")
    String system;

    @Mixin
    LoadOptions load;

    /** Runs the baseline against a node that is already up; see {@code --help}. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new OpenSearchBulkBaseline()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        createIndex(base, pipeline, indexSettings);
        EventCorpus corpus = enriched ? enriched(load.corpus(), geoipDir) : load.corpus();
        System.out.printf(Locale.ROOT, "corpus: %d distinct events, %.0f bytes on average%s%n",
                corpus.size(), corpus.averageBytes(), enriched ? ", as Rampart's pipeline left them" : "");
        LoadReport report;
        try (HttpEventCount counter = new HttpEventCount(base.resolve("/" + INDEX + "/_count"), "GET", null, "/count",
                base.resolve("/" + INDEX + "/_refresh"), null)) {
            report = new LoadRun(base.resolve("/_bulk"), load, corpus).run(counter, waitSeconds);
        }
        report.print(System.out, systemName());
        printIndexStats();
        if (pipeline) {
            printGeolocated();
        }
        return report.accepted() == 0 || report.searchable() < 0 ? 1 : 0;
    }

    /** The name in the RESULT and INDEX lines: {@code --system}, else the leg's. */
    private String systemName() {
        return system != null ? system : pipeline ? "os-pipeline" : "opensearch";
    }

    /**
     * The corpus as Rampart stores it: each event through the pipeline a worker runs ({@link IndexingCost#processor}),
     * under an id and a receipt time of now; an event a plugin drops stays as it was (the corpus has none).
     */
    static EventCorpus enriched(EventCorpus corpus, Path geoipDir) {
        if (geoipDir == null) {
            throw new IllegalArgumentException("--enriched needs GeoIP: --geoip-dir or -Drampart.geoip.dir");
        }
        EventProcessor processor = IndexingCost.processor(geoipDir);
        EventIds ids = new EventIds(Clock.systemUTC());
        return corpus.map(event -> {
            String id = ids.next();
            IndexRequest request = processor.process(new SourceEvent(id, EventIds.instantOf(id), event, false));
            if (request == null) {
                return null;
            }
            try {
                return Json.MAPPER.writeValueAsBytes(request.source());
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /**
     * What the load left in the index and what the node did for it: segments, refreshes, flushes and merges, which
     * explain much of a leg's CPU (a shard no search touched for 30 s skips its scheduled refreshes).
     */
    private void printIndexStats() {
        try (HttpConnection connection = HttpConnection.to(base)) {
            HttpConnection.Response stats = connection.send("GET",
                    "/" + INDEX + "/_stats/docs,store,segments,refresh,flush,merge", null, null);
            JsonNode primaries = Json.MAPPER.readTree(stats.body()).path("_all").path("primaries");
            System.out.printf(Locale.ROOT, "INDEX system=%s docs=%d store_mb=%d segments=%d refreshes=%d flushes=%d"
                            + " merges=%d merged_docs=%d merge_s=%.1f%n",
                    systemName(),
                    primaries.path("docs").path("count").asLong(),
                    primaries.path("store").path("size_in_bytes").asLong() >> 20,
                    primaries.path("segments").path("count").asLong(),
                    primaries.path("refresh").path("total").asLong(),
                    primaries.path("flush").path("total").asLong(),
                    primaries.path("merges").path("total").asLong(),
                    primaries.path("merges").path("total_docs").asLong(),
                    primaries.path("merges").path("total_time_in_millis").asLong() / 1000.0);
        } catch (IOException e) {
            // The load's own result stands; only this extra reading is missing.
            System.out.println("INDEX unavailable: " + e.getMessage());
        }
    }

    /** Shows that the pipeline did its work: how many stored events carry a GeoIP result. */
    private void printGeolocated() throws IOException {
        try (HttpConnection connection = HttpConnection.to(base)) {
            for (String field : new String[] {"details.sourceipgeolocation", "details.destinationipgeolocation"}) {
                byte[] query = ("{\"query\":{\"exists\":{\"field\":\"" + field + "\"}}}").getBytes(StandardCharsets.UTF_8);
                HttpConnection.Response count = connection.send("POST", "/" + INDEX + "/_count", "application/json", query);
                System.out.printf(Locale.ROOT, "os-pipeline: %s in %s stored events%n",
                        Json.MAPPER.readTree(count.body()).path("count").asText("?"), field);
            }
        }
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = OpenSearchBulkBaseline.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the bench jar");
            }
            return in.readAllBytes();
        }
    }

    /**
     * A fresh {@code events} index: one shard, no replica, MozDef's default mapping template; with {@code --pipeline}
     * the ingest pipeline first, as the index's default; {@code settings} added to the index's settings.
     */
    static void createIndex(URI base, boolean pipeline, Map<String, String> settings) throws IOException {
        ObjectNode index = (ObjectNode) Json.MAPPER.readTree(resource("opensearch-events-index.json"));
        ObjectNode indexSettings = (ObjectNode) index.get("settings");
        settings.forEach(indexSettings::put);
        try (HttpConnection connection = HttpConnection.to(base)) {
            if (pipeline) {
                HttpConnection.Response put = connection.send("PUT", "/_ingest/pipeline/" + PIPELINE,
                        "application/json", resource("opensearch-rampart-pipeline.json"));
                if (put.status() / 100 != 2) {
                    throw new IOException("could not create the ingest pipeline: " + put.status() + " " + put.text());
                }
                indexSettings.put("index.default_pipeline", PIPELINE);
            }
            byte[] definition = Json.MAPPER.writeValueAsBytes(index);
            HttpConnection.Response deleted = connection.send("DELETE", "/" + INDEX, null, null);
            if (deleted.status() / 100 != 2 && deleted.status() != 404) {
                throw new IOException("could not delete the old index: " + deleted.status() + " " + deleted.text());
            }
            HttpConnection.Response created = connection.send("PUT", "/" + INDEX, "application/json", definition);
            if (created.status() / 100 != 2) {
                throw new IOException("could not create the index: " + created.status() + " " + created.text());
            }
        }
    }
}
