package org.rampart.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.rampart.event.config.RampartConfig;
import org.rampart.query.Hit;
import org.rampart.query.SearchQuery;
import org.rampart.query.TermMatch;
import org.rampart.server.demo.DemoTraffic;
import org.rampart.server.run.RampartServer;

/**
 * Streaming-rule latency: from an event's 2xx at intake to its alert being searchable in {@code alerts}, while the
 * demo traffic loads the server in the background.
 *
 * <p>Starts an embedded server on a fresh data folder with one streaming rule; every 100 ms posts a probe event the
 * rule matches (to {@code /events}, one at a time) and notes when the 2xx came; polls the alerts index every 5 ms
 * (no forced refresh: the store's own refresh interval counts) and notes when each probe's alert shows up.
 *
 * <p>Usage: {@code java -cp ... org.rampart.bench.StreamingLatency [seconds=30] [background events/s=2000]
 * [store.refresh_interval=500ms]}
 */
public final class StreamingLatency {
    private static final String RULE = """
            {"search_string": "category:latencyprobe", "filters": [], "aggregation_key": "hostname", "time_window": 5,
             "num_samples": 1, "num_aggregations": 1, "alert_category": "bench", "alert_tags": ["bench"],
             "alert_severity": "INFO", "alert_summary": "latency probe", "alert_url": "", "streaming": true}""";
    private static final String CLASSNAME = "AlertGenericLoader:latency_probe";

    private StreamingLatency() {}

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        String refresh = args.length > 2 ? args[2] : "500ms";
        Path data = Files.createTempDirectory("rampart-streaming-latency");
        Files.createDirectories(data.resolve("alerts/rules"));
        Files.writeString(data.resolve("alerts/rules/latency_probe.json"), RULE);
        // Only the streaming rule: the scheduled library would add load unrelated to what is measured.
        Files.writeString(data.resolve("schedules.yml"), "alerts: {}\n");
        RampartConfig config = RampartConfig.load(null, Map.of()).with(Map.of("data.dir", data.toString(),
                "intake.port", "0", "rest.port", "0", "store.refresh_interval", refresh,
                "alerts.schedule_file", data.resolve("schedules.yml").toString()));
        Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        Map<String, Long> acked = new ConcurrentHashMap<>();
        Map<String, Long> seen = new ConcurrentHashMap<>();
        try (RampartServer server = RampartServer.start(config)) {
            String base = "http://" + server.bindAddress() + ":" + server.intakePort();
            Thread load = Thread.ofPlatform().name("background-load").daemon().start(() ->
                    System.out.println("background: " + new DemoTraffic(URI.create(base + "/_bulk"))
                            .send(rate * seconds, Duration.ofSeconds(seconds))));
            Thread watcher = Thread.ofPlatform().name("alert-watcher").daemon().start(() -> watch(server, acked, seen));
            HttpClient http = HttpClient.newHttpClient();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            for (int i = 0; System.nanoTime() < end; i++) {
                String host = "probe-" + i;
                HttpResponse<String> reply = http.send(HttpRequest.newBuilder(URI.create(base + "/events"))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"category\": \"latencyprobe\", \"hostname\": \""
                                + host + "\", \"summary\": \"latency probe\"}")).build(), HttpResponse.BodyHandlers.ofString());
                if (reply.statusCode() / 100 == 2) {
                    acked.put(host, System.nanoTime());
                }
                Thread.sleep(100);
            }
            Thread.sleep(5_000);
            load.join(Duration.ofSeconds(60));
            watcher.interrupt();
            int missing = 0;
            for (var probe : acked.entrySet()) {
                Long at = seen.get(probe.getKey());
                if (at == null) {
                    missing++;
                } else {
                    latency.recordValue(Math.max(0, at - probe.getValue()));
                }
            }
            System.out.printf("streaming rule latency, event 2xx -> alert searchable: %d probes, %d without alert;"
                            + " p50 %.0f ms, p90 %.0f ms, p99 %.0f ms, max %.0f ms (background %d events/s for %d s, refresh %s, "
                            + "%d cores)%n", acked.size(), missing, ms(latency.getValueAtPercentile(50)),
                    ms(latency.getValueAtPercentile(90)), ms(latency.getValueAtPercentile(99)), ms(latency.getMaxValue()),
                    rate, seconds, refresh, Runtime.getRuntime().availableProcessors());
        } finally {
            RawLuceneBaseline.deleteTree(data);
        }
    }

    /** Notes the first time each probe's alert is visible to search. */
    private static void watch(RampartServer server, Map<String, Long> acked, Map<String, Long> seen) {
        SearchQuery query = SearchQuery.minutes(10).addMust(new TermMatch("classname", CLASSNAME));
        while (!Thread.currentThread().isInterrupted()) {
            if (seen.size() < acked.size()) {
                List<Hit> hits = server.store().search(query, List.of("alerts"), 10_000).hits();
                long now = System.nanoTime();
                for (Hit hit : hits) {
                    JsonNode host = hit.source().at("/events/0/documentsource/hostname");
                    seen.putIfAbsent(host.asText(), now);
                }
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
