package org.rampart.web.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rampart.alerts.AlertEnvironment;
import org.rampart.alerts.AlertWriter;
import org.rampart.alerts.schedule.AlertRuns;
import org.rampart.event.Json;
import org.rampart.web.auth.Role;

/** {@code GET /events/stream} read by a real SSE client over HTTP while alerts, statuses, incidents and runs happen. */
class LiveStreamTest {
    @TempDir
    Path dir;

    private RestFixture rest;
    private String[] alice;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private Stream<String> stream;

    @BeforeEach
    void start() throws Exception {
        rest = new RestFixture(dir);
        rest.addAccount("vera", Role.VIEWER);
        rest.addAccount("alice", Role.ANALYST);
        alice = rest.login("alice").with("Content-Type", "application/json");
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + rest.server.port() + "/events/stream"))
                .headers(rest.login("vera").cookieOnly()).header("Accept", "text/event-stream").build();
        HttpResponse<Stream<String>> response = HttpClient.newHttpClient().send(request,
                HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        stream = response.body();
        Thread.ofVirtual().start(() -> stream.forEach(lines::add));
        // The server's first comment: the subscription exists from here on.
        assertThat(lines.poll(30, TimeUnit.SECONDS)).isEqualTo(": connected");
    }

    @AfterEach
    void stop() {
        stream.close();
        rest.close();
    }

    /** The next event: its name and its JSON data. */
    private record Event(String type, JsonNode data) {}

    private Event next() throws Exception {
        String type = null;
        while (true) {
            String line = lines.poll(30, TimeUnit.SECONDS);
            assertThat(line).as("an event within 30 s").isNotNull();
            if (line.startsWith("event: ")) {
                type = line.substring("event: ".length());
            } else if (line.startsWith("data: ")) {
                return new Event(type, Json.MAPPER.readTree(line.substring("data: ".length())));
            }
        }
    }

    @Test
    void newAlertsStatusChangesIncidentChangesAndScheduleRunsArriveInOrder() throws Exception {
        AlertWriter writer = new AlertWriter(AlertEnvironment.builder(rest.store, rest.clock).sink(rest.live).build());
        String alertId = writer.save(Json.object().put("summary", "ssh bruteforce").put("category", "bruteforce")
                .put("severity", "NOTICE"), List.of(), false).orElseThrow().id();
        rest.store.refresh();
        Event alert = next();
        assertThat(alert.type()).isEqualTo("alert");
        assertThat(alert.data().path("id").asText()).isEqualTo(alertId);
        assertThat(alert.data().path("summary").asText()).isEqualTo("ssh bruteforce");

        rest.send("POST", "/alerts/" + alertId + "/status", "{\"status\": \"escalated\"}", alice);
        Event status = next();
        assertThat(status.type()).isEqualTo("alert.status");
        assertThat(status.data().path("alert").asText()).isEqualTo(alertId);
        assertThat(status.data().path("status").asText()).isEqualTo("escalated");
        assertThat(status.data().path("actor").asText()).isEqualTo("alice");

        long id = RestFixture.json(rest.send("POST", "/incidents", "{\"summary\": \"bruteforce\", \"alerts\": [\""
                + alertId + "\"]}", alice)).path("id").asLong();
        Event created = next();
        assertThat(created.type()).isEqualTo("incident");
        assertThat(created.data().path("action").asText()).isEqualTo("create");
        assertThat(created.data().path("version").asLong()).isEqualTo(1);
        rest.send("PATCH", "/incidents/" + id, "{\"version\": 1, \"phase\": \"Containment\"}", alice);
        Event changed = next();
        assertThat(changed.data().path("id").asLong()).isEqualTo(id);
        assertThat(changed.data().path("version").asLong()).isEqualTo(2);
        assertThat(changed.data().path("fields").toString()).isEqualTo("[\"phase\"]");
        // A refused change publishes nothing: the next event is the schedule run.
        assertThat(rest.send("PATCH", "/incidents/" + id, "{\"version\": 1, \"phase\": \"Closed\"}", alice).statusCode())
                .isEqualTo(409);

        AlertRuns.observed(name -> () -> List.of(Json.object(), Json.object()), rest.live).apply("bruteforce.Alert")
                .call();
        Event run = next();
        assertThat(run.type()).isEqualTo("schedule.run");
        assertThat(run.data().path("name").asText()).isEqualTo("bruteforce.Alert");
        assertThat(run.data().path("alerts").asInt()).isEqualTo(2);
    }

    @Test
    void theStreamNeedsALoginAndTheEventStreamAcceptHeader() throws Exception {
        assertThat(rest.send("GET", "/events/stream", null, "Accept", "text/event-stream").statusCode()).isEqualTo(401);
        HttpResponse<String> plain = rest.send("GET", "/events/stream", null, alice);
        assertThat(plain.statusCode()).isEqualTo(406);
        assertThat(RestFixture.json(plain).path("error").asText()).contains("text/event-stream");
    }
}
