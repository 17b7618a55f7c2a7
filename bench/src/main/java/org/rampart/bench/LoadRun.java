package org.rampart.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.rampart.event.Json;

/**
 * One bounded, closed-loop load run: {@code connections} virtual threads, each on its own keep-alive
 * connection, claim the next batch of events and POST it, until all events are sent or time is up;
 * then the run polls an {@link EventCount} until every accepted event is searchable.
 */
final class LoadRun {
    /** Longest pause honoured from a Retry-After header: the run is bounded. */
    private static final long MAX_BACKOFF_MILLIS = 2_000;

    private final URI url;
    private final boolean bulk;
    private final LoadOptions options;
    private final EventCorpus corpus;
    private final AtomicLong nextEvent = new AtomicLong();

    LoadRun(URI url, LoadOptions options, EventCorpus corpus) {
        options.validate();
        this.url = url;
        this.bulk = isBulk(url);
        this.options = options;
        this.corpus = corpus;
    }

    /** Bulk NDJSON for Elasticsearch-style {@code _bulk} paths, one JSON event per request otherwise. */
    static boolean isBulk(URI url) {
        String path = url.getPath() == null ? "" : url.getPath();
        return path.endsWith("/_bulk") || path.endsWith("/_bulk/");
    }

    /** Sends the load, then (unless {@code counter} is null) waits up to {@code waitSeconds} until it is searchable. */
    LoadReport run(EventCount counter, int waitSeconds) throws InterruptedException {
        long initial = 0;
        String countProblem = null;
        if (counter != null) {
            try {
                initial = counter.count();
            } catch (IOException e) {
                // A store that has never seen an event may not answer yet; it starts from zero then.
                countProblem = "initial count failed, assuming 0: " + e.getMessage();
            }
        }
        List<Sender> senders = new ArrayList<>();
        for (int i = 0; i < options.connections; i++) {
            senders.add(new Sender());
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(options.maxSeconds);
        long start = System.nanoTime();
        long cpuStart = ProcessCpu.nanos();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> running = new ArrayList<>();
            for (Sender sender : senders) {
                running.add(threads.submit(() -> sender.sendUntil(deadline)));
            }
            for (Future<?> future : running) {
                try {
                    future.get();
                } catch (ExecutionException e) {
                    throw new IllegalStateException("a sender failed", e.getCause());
                }
            }
        }
        long sendEnd = System.nanoTime();
        long clientCpu = ProcessCpu.nanos() - cpuStart;

        Histogram latency = new Histogram(3);
        Map<String, Long> outcomes = new TreeMap<>();
        long sent = 0;
        long accepted = 0;
        long requests = 0;
        for (Sender sender : senders) {
            latency.add(sender.latencyMicros);
            sender.outcomes.forEach((key, n) -> outcomes.merge(key, n, Long::sum));
            sent += sender.sent;
            accepted += sender.accepted;
            requests += sender.requests;
        }

        long searchable = -1;
        long lastCount = -1;
        int failedPolls = 0;
        if (counter != null) {
            long expected = initial + accepted;
            long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(waitSeconds);
            while (System.nanoTime() < waitUntil) {
                try {
                    lastCount = counter.count();
                    if (lastCount >= expected) {
                        searchable = System.nanoTime();
                        break;
                    }
                } catch (IOException e) {
                    failedPolls++;
                    countProblem = failedPolls + " count request(s) failed while waiting, the last with: " + e.getMessage();
                }
                Thread.sleep(50);
            }
            lastCount -= initial;
        }
        return new LoadReport(url, bulk ? options.batch : 1, options.connections, sent, accepted, requests,
                start, sendEnd, searchable, lastCount, clientCpu, latency, outcomes, countProblem);
    }

    /** One connection and the numbers it gathered; only its own thread touches it until the run ends. */
    private final class Sender {
        private final HttpConnection connection = HttpConnection.to(url);
        private final Histogram latencyMicros = new Histogram(3);
        private final Map<String, Long> outcomes = new TreeMap<>();
        private long sent;
        private long accepted;
        private long requests;

        void sendUntil(long deadline) {
            int batch = bulk ? options.batch : 1;
            try (connection) {
                while (System.nanoTime() < deadline) {
                    long from = nextEvent.getAndAdd(batch);
                    if (from >= options.events) {
                        return;
                    }
                    int count = (int) Math.min(batch, options.events - from);
                    byte[] body = bulk ? corpus.bulkBody(from, count) : corpus.event(from);
                    sent += count;
                    accepted += deliver(body, count, deadline);
                }
            }
        }

        /** Sends one request, retrying overload answers and I/O errors; returns how many of its events were taken. */
        private long deliver(byte[] body, int count, long deadline) {
            String contentType = bulk ? "application/x-ndjson" : "application/json";
            for (int attempt = 0; ; attempt++) {
                long began = System.nanoTime();
                long backoffMillis;
                try {
                    HttpConnection.Response response = connection.send("POST", HttpEventCount.pathOf(url), contentType, body);
                    requests++;
                    latencyMicros.recordValue(Math.max(0, (System.nanoTime() - began) / 1_000));
                    int status = response.status();
                    outcomes.merge(String.valueOf(status), 1L, Long::sum);
                    if (status / 100 == 2) {
                        return count - failedItems(response);
                    }
                    if (status != 429 && status != 503) {
                        return 0;
                    }
                    backoffMillis = retryAfterMillis(response.headers().get("retry-after"));
                } catch (IOException e) {
                    requests++;
                    outcomes.merge("io-error", 1L, Long::sum);
                    backoffMillis = 100;
                }
                if (attempt >= options.retries || System.nanoTime() >= deadline) {
                    outcomes.merge("gave-up", 1L, Long::sum);
                    return 0;
                }
                try {
                    Thread.sleep(backoffMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return 0;
                }
            }
        }

        /** Bulk replies in Elasticsearch's shape report per-item failures under a 200; those events were not taken. */
        private long failedItems(HttpConnection.Response response) {
            byte[] body = response.body();
            String head = new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8);
            if (!head.replace(" ", "").contains("\"errors\":true")) {
                return 0;
            }
            long failed = 0;
            try {
                for (JsonNode item : Json.MAPPER.readTree(body).path("items")) {
                    int status = item.elements().hasNext() ? item.elements().next().path("status").asInt(200) : 200;
                    if (status / 100 != 2) {
                        failed++;
                        outcomes.merge("item-" + status, 1L, Long::sum);
                    }
                }
            } catch (IOException e) {
                outcomes.merge("unreadable-bulk-reply", 1L, Long::sum);
            }
            return failed;
        }
    }

    static long retryAfterMillis(String header) {
        if (header != null) {
            try {
                return Math.min(MAX_BACKOFF_MILLIS, Math.max(0, Long.parseLong(header.trim()) * 1000));
            } catch (NumberFormatException e) {
                // An HTTP date instead of seconds: fall back to the default pause.
            }
        }
        return 100;
    }
}
