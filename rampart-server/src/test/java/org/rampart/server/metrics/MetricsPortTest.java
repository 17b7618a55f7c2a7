package org.rampart.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.rampart.server.metrics.MetricsEndpointTest.value;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rampart.server.run.RampartProcess;
import org.rampart.server.transport.RabbitNodes;

/**
 * {@code metrics.port}: processes without the web role (so without a REST port) serve {@code GET /metrics} on a listener
 * of their own, with the API token of their data folder: an intake-only and a worker-only process on RabbitMQ, and an
 * intake-and-worker process on its journal.
 */
class MetricsPortTest {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final int EVENTS = 25;

    @TempDir
    Path dir;

    private RabbitNodes nodes;

    @BeforeEach
    void nodes() {
        nodes = new RabbitNodes(dir, 100);
    }

    @AfterEach
    void cleanUp() throws Exception {
        nodes.close();
    }

    @Test
    void anIntakeOnlyAndAWorkerOnlyProcessEachServeTheirMetrics() throws Exception {
        int intakeMetrics = RampartProcess.freePort();
        int workerMetrics = RampartProcess.freePort();
        RampartProcess intake = nodes.node("intake", "intake").set("metrics.port", String.valueOf(intakeMetrics))
                .start(process -> listening(intakeMetrics));
        RampartProcess worker = nodes.node("worker", "worker").set("metrics.port", String.valueOf(workerMetrics))
                .start(process -> nodes.consumers() >= 1 && listening(workerMetrics));

        sendEvents(intake);

        await().atMost(Duration.ofSeconds(60)).until(() -> scrape(worker, workerMetrics),
                text -> value(text, "rampart_store_documents_total", "family=\"events\"") == EVENTS);
        // A scrape reads its series one after another in no fixed order (the registry keeps its collectors in a hash
        // set), so the scrape that saw the last document may have read the write timer before that batch ended; the
        // timer is recorded before the documents are counted, so every scrape after that one has both.
        String workerText = scrape(worker, workerMetrics);
        assertThat(value(workerText, "rampart_store_documents_total", "family=\"events\"")).isEqualTo(EVENTS);
        assertThat(value(workerText, "rampart_store_write_seconds_count", "operation=\"index\"")).isPositive();
        assertThat(workerText).as("a worker takes no events over HTTP").doesNotContain("rampart_intake_events_total{");
        String intakeText = scrape(intake, intakeMetrics);
        assertThat(value(intakeText, "rampart_intake_events_total", "route=\"/events\",source=\"events\"")).isEqualTo(EVENTS);
        assertThat(intakeText).as("intake stores nothing").doesNotContain("rampart_store_documents_total{");
        assertThat(intakeText).contains("jvm_memory_used_bytes");

        assertThat(get(intakeMetrics, "/metrics", null).statusCode()).as("no token").isEqualTo(401);
        assertThat(get(workerMetrics, "/metrics", "not-the-token-of-this-process").statusCode()).isEqualTo(401);
        assertThat(get(workerMetrics, "/status", token(worker)).statusCode()).as("only /metrics").isEqualTo(404);
        assertThat(worker.log()).contains("metrics on http://127.0.0.1:" + workerMetrics + "/metrics");
        worker.stop();
        intake.stop();
    }

    @Test
    void anIntakeAndWorkerProcessWithoutTheWebRoleServesItsJournalDepth() throws Exception {
        int metrics = RampartProcess.freePort();
        try (RampartProcess process = new RampartProcess(Files.createDirectories(dir.resolve("embedded")),
                dir.resolve("embedded").resolve("data"))) {
            process.set("roles", "intake,worker").set("metrics.port", String.valueOf(metrics))
                    .start(p -> listening(metrics));

            sendEvents(process);

            String text = await().atMost(Duration.ofSeconds(60)).until(() -> scrape(process, metrics),
                    t -> value(t, "rampart_store_documents_total", "family=\"events\"") == EVENTS
                            && value(t, "rampart_journal_unconsumed_records", "") == 0);
            assertThat(value(text, "rampart_intake_events_total", "route=\"/events\",source=\"events\"")).isEqualTo(EVENTS);
            assertThat(text).contains("rampart_journal_unconsumed_bytes ", "rampart_journal_oldest_unconsumed_age_seconds ");
            process.stop();
        }
    }

    private static void sendEvents(RampartProcess intake) throws Exception {
        for (int i = 0; i < EVENTS; i++) {
            HttpResponse<String> reply = CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + intake.intakePort() + "/events")).POST(HttpRequest.BodyPublishers.ofString(
                    "{\"summary\": \"metrics port " + i + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        }
    }

    /** The metrics listener starts last: once it answers, the whole process is up. */
    private static boolean listening(int port) throws Exception {
        return get(port, "/metrics", null).statusCode() == 401;
    }

    private static String scrape(RampartProcess process, int port) throws Exception {
        HttpResponse<String> reply = get(port, "/metrics", token(process));
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        assertThat(reply.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type)
                .startsWith("text/plain; version=0.0.4"));
        return reply.body();
    }

    private static String token(RampartProcess process) throws Exception {
        return Files.readString(process.data().resolve("api-token")).strip();
    }

    private static HttpResponse<String> get(int port, String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
