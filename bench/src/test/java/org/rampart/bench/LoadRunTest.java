package org.rampart.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rampart.event.Json;

/**
 * The load run's bookkeeping, against the JDK's real HTTP server standing in as an endpoint that counts
 * what it receives (not a stand-in for Rampart: it checks only what the generator sends and counts).
 */
class LoadRunTest {
    private static final EventCorpus CORPUS = EventCorpus.generate(11, 500, Instant.parse("2026-11-23T10:00:00Z"));

    private HttpServer server;
    private final AtomicLong stored = new AtomicLong();
    private final AtomicInteger overloadsLeft = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/_bulk", exchange -> {
            requests.incrementAndGet();
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (overloadsLeft.getAndDecrement() > 0) {
                exchange.getResponseHeaders().add("Retry-After", "0");
                reply(exchange, 429, "{\"error\":\"busy\"}");
                return;
            }
            long events = 0;
            for (String line : new String(body, StandardCharsets.UTF_8).split("\n")) {
                JsonNode node = Json.MAPPER.readTree(line);
                if (!node.has("index")) {
                    events++;
                }
            }
            stored.addAndGet(events);
            reply(exchange, 200, "");
        });
        server.createContext("/events", exchange -> {
            requests.incrementAndGet();
            JsonNode event = Json.MAPPER.readTree(exchange.getRequestBody().readAllBytes());
            stored.addAndGet(event.has("summary") ? 1 : 0);
            reply(exchange, 200, "");
        });
        server.createContext("/partial/_bulk", exchange -> {
            exchange.getRequestBody().readAllBytes();
            reply(exchange, 200, "{\"took\":3,\"errors\":true,\"items\":[{\"index\":{\"status\":201}},"
                    + "{\"index\":{\"status\":400,\"error\":{\"type\":\"mapper_parsing_exception\"}}},{\"index\":{\"status\":201}}]}");
        });
        server.start();
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private static LoadOptions options(long events, int connections, int batch) {
        LoadOptions options = new LoadOptions();
        options.events = events;
        options.connections = connections;
        options.batch = batch;
        options.maxSeconds = 60;
        return options;
    }

    @Test
    void sendsEveryEventOnceInBulkAndWaitsUntilAllAreCounted() throws Exception {
        LoadReport report = new LoadRun(url("/_bulk"), options(10_050, 4, 100), CORPUS).run(stored::get, 30);

        assertThat(stored.get()).isEqualTo(10_050);
        assertThat(report.sent()).isEqualTo(10_050);
        assertThat(report.accepted()).isEqualTo(10_050);
        assertThat(report.requests()).isEqualTo(101);
        assertThat(report.outcomes()).containsEntry("200", 101L);
        assertThat(report.errors()).isZero();
        assertThat(report.searchable()).isGreaterThanOrEqualTo(report.sendEnd());
        assertThat(report.latencyMicros().getTotalCount()).isEqualTo(101);
        assertThat(report.endToEndRate()).isPositive();
    }

    @Test
    void retriesOverloadAnswersAndCountsThem() throws Exception {
        overloadsLeft.set(3);
        LoadReport report = new LoadRun(url("/_bulk"), options(1_000, 2, 100), CORPUS).run(null, 0);

        assertThat(stored.get()).isEqualTo(1_000);
        assertThat(report.accepted()).isEqualTo(1_000);
        assertThat(report.outcomes()).containsEntry("429", 3L).containsEntry("200", 10L);
        assertThat(report.errors()).isEqualTo(3);
        assertThat(report.searchable()).isEqualTo(-1);
    }

    @Test
    void givesUpAfterTheRetriesAndDoesNotCountThoseEvents() throws Exception {
        overloadsLeft.set(1_000);
        LoadOptions options = options(200, 1, 100);
        options.retries = 2;
        LoadReport report = new LoadRun(url("/_bulk"), options, CORPUS).run(null, 0);

        assertThat(report.accepted()).isZero();
        assertThat(report.outcomes()).containsEntry("429", 6L).containsEntry("gave-up", 2L);
    }

    @Test
    void sendsOneEventPerRequestToSingleEventUrls() throws Exception {
        LoadReport report = new LoadRun(url("/events"), options(300, 3, 1000), CORPUS).run(stored::get, 30);

        assertThat(requests.get()).isEqualTo(300);
        assertThat(stored.get()).isEqualTo(300);
        assertThat(report.batch()).isEqualTo(1);
        assertThat(report.accepted()).isEqualTo(300);
    }

    @Test
    void bulkItemFailuresUnderA200AreNotAccepted() throws Exception {
        LoadReport report = new LoadRun(url("/partial/_bulk"), options(3, 1, 3), CORPUS).run(null, 0);

        assertThat(report.accepted()).isEqualTo(2);
        assertThat(report.outcomes()).containsEntry("200", 1L).containsEntry("item-400", 1L);
    }

    @Test
    void reportsWhenEventsNeverBecomeSearchable() throws Exception {
        AtomicInteger counts = new AtomicInteger();
        EventCount stuckAt40 = () -> counts.getAndIncrement() == 0 ? 0 : 40;
        LoadReport report = new LoadRun(url("/_bulk"), options(100, 1, 100), CORPUS).run(stuckAt40, 1);

        assertThat(report.searchable()).isEqualTo(-1);
        assertThat(report.lastCount()).isEqualTo(40);
    }
}
