package org.rampart.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.rampart.event.Json;

/**
 * One bounded, closed-loop load run: {@code connections} keep-alive connections, driven by one thread
 * ({@link HttpLoop}), each claim the next batch of events and POST it, until all events are sent or time is up;
 * then the run polls an {@link EventCount} until every accepted event is searchable.
 */
final class LoadRun {
    /** Longest pause honoured from a Retry-After header: the run is bounded. */
    private static final long MAX_BACKOFF_MILLIS = 2_000;

    private final URI url;
    private final boolean bulk;
    /** Events per request: the bulk size, or one. */
    private final int batch;
    private final String path;
    private final String contentType;
    private final LoadOptions options;
    private final EventCorpus corpus;
    /** The first event not yet claimed by a sender; the loop's thread alone claims them. */
    private long nextEvent;

    LoadRun(URI url, LoadOptions options, EventCorpus corpus) {
        options.validate();
        this.url = url;
        this.bulk = isBulk(url);
        this.batch = bulk ? options.batch : 1;
        this.path = HttpEventCount.pathOf(url);
        this.contentType = bulk ? "application/x-ndjson" : "application/json";
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
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(options.maxSeconds);
        List<Sender> senders = new ArrayList<>();
        for (int i = 0; i < options.connections; i++) {
            senders.add(new Sender(deadline));
        }
        long start = System.nanoTime();
        long cpuStart = ProcessCpu.nanos();
        try {
            new HttpLoop(url).run(senders);
        } catch (IOException e) {
            throw new UncheckedIOException("the load generator's selector failed", e);
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
        return new LoadReport(url, batch, options.connections, sent, accepted, requests,
                start, sendEnd, searchable, lastCount, clientCpu, latency, outcomes, countProblem);
    }

    /** One connection's requests and the numbers it gathered; only the loop's thread touches it until the run ends. */
    private final class Sender implements HttpLoop.Conversation {
        private final long deadline;
        private final Histogram latencyMicros = new Histogram(3);
        private final Map<String, Long> outcomes = new TreeMap<>();
        private long sent;
        private long accepted;
        private long requests;
        /** The request being delivered, sent again on an overload answer or an I/O error. */
        private HttpLoop.Request current;
        private int currentEvents;
        private int attempt;
        private long notBefore = System.nanoTime();

        Sender(long deadline) {
            this.deadline = deadline;
        }

        @Override
        public HttpLoop.Request next() {
            if (current == null) {
                if (System.nanoTime() >= deadline || nextEvent >= options.events) {
                    return null;
                }
                long from = nextEvent;
                currentEvents = (int) Math.min(batch, options.events - from);
                nextEvent += currentEvents;
                byte[] body = bulk ? corpus.bulkBody(from, currentEvents) : corpus.event(from);
                current = new HttpLoop.Request("POST", path, contentType, body);
                attempt = 0;
                sent += currentEvents;
            }
            return current;
        }

        @Override
        public long notBefore() {
            return notBefore;
        }

        @Override
        public void replied(HttpConnection.Response response, long nanos) {
            requests++;
            latencyMicros.recordValue(Math.max(0, nanos / 1_000));
            int status = response.status();
            outcomes.merge(String.valueOf(status), 1L, Long::sum);
            if (status / 100 == 2) {
                accepted += currentEvents - failedItems(response);
                current = null;
            } else if (status == 429 || status == 503) {
                retryAfter(retryAfterMillis(response.headers().get("retry-after")));
            } else {
                current = null;
            }
        }

        @Override
        public void failed(IOException e) {
            requests++;
            outcomes.merge("io-error", 1L, Long::sum);
            retryAfter(100);
        }

        /** Sends the request again after a pause, unless its retries or the run's time are used up. */
        private void retryAfter(long backoffMillis) {
            if (attempt >= options.retries || System.nanoTime() >= deadline) {
                outcomes.merge("gave-up", 1L, Long::sum);
                current = null;
                return;
            }
            attempt++;
            notBefore = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoffMillis);
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
