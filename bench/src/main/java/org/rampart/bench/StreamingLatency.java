package org.rampart.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.rampart.event.config.RampartConfig;
import org.rampart.query.Hit;
import org.rampart.query.SearchQuery;
import org.rampart.query.TermMatch;
import org.rampart.query.TermsMatch;
import org.rampart.server.demo.DemoTraffic;
import org.rampart.server.run.RampartServer;

/**
 * Streaming-rule latency: from an event's 2xx at intake to its alert being searchable in {@code alerts}, while the
 * demo traffic loads the server in the background.
 *
 * <p>Starts an embedded server on a fresh data folder with one streaming rule; every 100 ms posts a probe event the
 * rule matches (to {@code /events}, one at a time) and notes when the 2xx came; polls the alerts index every 10 ms
 * (no forced refresh: the store's own refresh interval counts) and notes when each probe's alert shows up. A
 * warm-up phase at the same load comes first (reported apart), then the backlog it left is drained, then the
 * measured phase runs; last, the time the backlog it left takes to drain is measured. Prints a {@code RESULT} line
 * for bench/run-all.sh's {@code streaming} leg. Background senders are threads of this JVM, so they share the
 * machine with the server.
 * {@code RAMPART_*} variables configure the server as usual.
 *
 * <p>Usage: {@code java -cp ... org.rampart.bench.StreamingLatency [seconds=30] [background events/s=2000]
 * [store.refresh_interval=500ms] [warm-up seconds=15] [traffic=demo|corpus]}: {@code demo} is MozDef's sample
 * events ({@code ./rampart demo}'s traffic), {@code corpus} the load generator's heavier {@link EventCorpus}.
 */
public final class StreamingLatency {
    private static final String RULE = """
            {"search_string": "category:latencyprobe", "filters": [], "aggregation_key": "hostname", "time_window": 5,
             "num_samples": 1, "num_aggregations": 1, "alert_category": "bench", "alert_tags": ["bench"],
             "alert_severity": "INFO", "alert_summary": "latency probe", "alert_url": "", "streaming": true}""";
    private static final String CLASSNAME = "AlertGenericLoader:latency_probe";
    /** The most one background sender is asked for. */
    private static final int SENDER_RATE = 8_000;

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        String refresh = args.length > 2 ? args[2] : "500ms";
        int warmupSeconds = args.length > 3 ? Integer.parseInt(args[3]) : 15;
        String traffic = args.length > 4 ? args[4] : "demo";
        if (!traffic.equals("demo") && !traffic.equals("corpus")) {
            throw new IllegalArgumentException("traffic is demo (MozDef's sample events) or corpus (bench EventCorpus)");
        }
        Path data = Files.createTempDirectory("rampart-streaming-latency");
        Files.createDirectories(data.resolve("alerts/rules"));
        Files.writeString(data.resolve("alerts/rules/latency_probe.json"), RULE);
        // Only the streaming rule: the scheduled library would add load unrelated to what is measured.
        Files.writeString(data.resolve("schedules.yml"), "alerts: {}\n");
        RampartConfig config = RampartConfig.load(null, System.getenv()).with(Map.of("data.dir", data.toString(),
                "intake.port", "0", "rest.port", "0", "web.port", "0", "store.refresh_interval", refresh,
                "alerts.schedule_file", data.resolve("schedules.yml").toString()));
        try (RampartServer server = RampartServer.start(config)) {
            StreamingLatency bench = new StreamingLatency(server, traffic.equals("corpus")
                    ? EventCorpus.generate(42, 100_000, java.time.Instant.now()) : null);
            Thread watcher = Thread.ofPlatform().name("alert-watcher").daemon().start(bench::watch);
            // A cold JVM (JIT) falls behind at first and the backlog it leaves would be measured as latency: warm up
            // at the same load, let the backlog drain (a probe after it all shows up), then measure.
            Phase warm = bench.phase(warmupSeconds, rate);
            bench.drain();
            Phase measured = bench.phase(seconds, rate);
            // The backlog the measured phase left: about one probe's latency when the pipeline kept up.
            long drainStart = System.nanoTime();
            bench.drain();
            double backlogMs = (System.nanoTime() - drainStart) / 1e6;
            Thread.sleep(1_000);
            watcher.interrupt();
            System.out.printf("warm-up: %s%n", warm.report(bench.seen));
            System.out.printf("streaming rule latency, event 2xx -> alert searchable: %s (target %d events/s of %s"
                    + " traffic, refresh %s, %d cores); backlog after the load %.0f ms%n", measured.report(bench.seen),
                    rate, traffic, refresh, Runtime.getRuntime().availableProcessors(), backlogMs);
            System.out.println(measured.result(bench.seen, rate, traffic, refresh, backlogMs));
        } finally {
            RawLuceneBaseline.deleteTree(data);
        }
    }

    private final RampartServer server;
    private final String base;
    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<String, Long> acked = new ConcurrentHashMap<>();
    private final Map<String, Long> seen = new ConcurrentHashMap<>();
    /** The background events when not MozDef's samples; shared by the senders. */
    private final EventCorpus corpus;
    private final AtomicLong corpusNext = new AtomicLong();
    private int probes;

    private StreamingLatency(RampartServer server, EventCorpus corpus) {
        this.server = server;
        this.base = "http://" + server.bindAddress() + ":" + server.intakePort();
        this.corpus = corpus;
    }

    private DemoTraffic sender() {
        URI bulk = URI.create(base + "/_bulk");
        return corpus == null ? new DemoTraffic(bulk) : new DemoTraffic(bulk,
                () -> new String(corpus.event(corpusNext.getAndIncrement()), java.nio.charset.StandardCharsets.UTF_8));
    }

    /** What one phase sent: the probes (host to 2xx time) and the background events accepted, over how long. */
    private record Phase(Map<String, Long> probes, long accepted, double seconds, int senders, double cpuSeconds) {
        /** Latency of the probes that got their alert. */
        Histogram latency(Map<String, Long> seen) {
            Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(120), 3);
            probes.forEach((host, acked) -> {
                Long at = seen.get(host);
                if (at != null) {
                    latency.recordValue(Math.max(0, at - acked));
                }
            });
            return latency;
        }

        long missing(Map<String, Long> seen) {
            return probes.keySet().stream().filter(host -> !seen.containsKey(host)).count();
        }

        /**
         * The machine-readable line bench/run-all.sh reads. The background kept up when it reached 95 % of the rate
         * asked, every probe got its alert and the backlog left after the load drained within a second.
         */
        String result(Map<String, Long> seen, int rate, String traffic, String refresh, double backlogMs) {
            Histogram latency = latency(seen);
            long missing = missing(seen);
            boolean keptUp = accepted / seconds >= 0.95 * rate && missing == 0 && backlogMs < 1_000;
            return String.format(java.util.Locale.ROOT, "RESULT system=streaming traffic=%s asked_eps=%d background_eps=%.0f"
                            + " refresh=%s probes=%d missing=%d p50_ms=%.0f p99_ms=%.0f max_ms=%.0f backlog_ms=%.0f"
                            + " jvm_cores=%.2f kept_up=%s", traffic, rate, accepted / seconds, refresh, probes.size(),
                    missing, ms(latency.getValueAtPercentile(50)), ms(latency.getValueAtPercentile(99)),
                    ms(latency.getMaxValue()), backlogMs, cpuSeconds / seconds, keptUp ? "yes" : "no");
        }

        String report(Map<String, Long> seen) {
            Histogram latency = latency(seen);
            long missing = missing(seen);
            return String.format(java.util.Locale.ROOT, "%d probes, %d without alert; p50 %.0f ms, p90 %.0f ms, p99 %.0f ms,"
                            + " max %.0f ms; background %d events in %.1f s = %.0f events/s (%d senders); this JVM (server and"
                            + " senders) used %.2f cores",
                    probes.size(), missing, ms(latency.getValueAtPercentile(50)), ms(latency.getValueAtPercentile(90)),
                    ms(latency.getValueAtPercentile(99)), ms(latency.getMaxValue()), accepted, seconds,
                    accepted / seconds, senders, cpuSeconds / seconds);
        }
    }

    /** Background load at {@code rate} for {@code seconds}, with a probe every 100 ms. */
    private Phase phase(int seconds, int rate) throws Exception {
        // One sender waits for each reply (the journal's fsync) before its next batch: several share the rate.
        int senders = rate == 0 ? 0 : Math.max(1, (rate + SENDER_RATE - 1) / SENDER_RATE);
        AtomicLong accepted = new AtomicLong();
        long cpuStart = processCpuNanos();
        long start = System.nanoTime();
        List<Thread> load = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            load.add(Thread.ofPlatform().name("background-load-" + s).daemon().start(() -> accepted.addAndGet(
                    sender().send(rate * seconds / senders,
                            Duration.ofSeconds(seconds)).accepted())));
        }
        Map<String, Long> sent = new ConcurrentHashMap<>();
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < end) {
            probe().ifPresent(host -> sent.put(host, acked.get(host)));
            Thread.sleep(100);
        }
        for (Thread sender : load) {
            sender.join(Duration.ofSeconds(120));
        }
        // The rate the load really reached: senders that cannot keep up take longer, not more per second.
        return new Phase(sent, accepted.get(), (System.nanoTime() - start) / 1e9, senders,
                (processCpuNanos() - cpuStart) / 1e9);
    }

    /** CPU time of this whole process: how much of the machine the run took, and so how much was left. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** Waits until a probe sent now has its alert: everything accepted before it has gone through the pipeline. */
    private void drain() throws Exception {
        String last = probe().orElseThrow(() -> new IllegalStateException("intake refused the drain probe"));
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (!seen.containsKey(last)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the pipeline did not catch up within 5 minutes");
            }
            Thread.sleep(50);
        }
    }

    /** Posts one probe event; its host name when intake acknowledged it. */
    private Optional<String> probe() throws Exception {
        String host = "probe-" + probes++;
        HttpResponse<String> reply = http.send(HttpRequest.newBuilder(URI.create(base + "/events"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"category\": \"latencyprobe\", \"hostname\": \""
                        + host + "\", \"summary\": \"latency probe\"}")).build(), HttpResponse.BodyHandlers.ofString());
        if (reply.statusCode() / 100 != 2) {
            return Optional.empty();
        }
        acked.put(host, System.nanoTime());
        return Optional.of(host);
    }

    /**
     * Notes the first time each probe's alert is visible to search. Asks only for the probes still waiting, so that
     * the watcher's own work stays small and does not grow with the alerts already seen.
     */
    private void watch() {
        while (!Thread.currentThread().isInterrupted()) {
            List<Object> waiting = acked.keySet().stream().filter(host -> !seen.containsKey(host)).map(h -> (Object) h).toList();
            if (!waiting.isEmpty()) {
                SearchQuery query = SearchQuery.minutes(10).addMust(new TermMatch("classname", CLASSNAME))
                        .addMust(new TermsMatch("events.documentsource.hostname", waiting));
                List<Hit> hits = server.store().search(query, List.of("alerts"), waiting.size()).hits();
                long now = System.nanoTime();
                for (Hit hit : hits) {
                    JsonNode host = hit.source().at("/events/0/documentsource/hostname");
                    seen.putIfAbsent(host.asText(), now);
                }
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
