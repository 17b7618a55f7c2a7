package org.rampart.web.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.UncheckedIOException;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rampart.alerts.AlertEnvironment;
import org.rampart.alerts.AlertWriter;
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
        Thread.ofVirtual().start(() -> {
            try {
                stream.forEach(lines::add);
            } catch (UncheckedIOException e) {
                // The test closed the stream.
            }
        });
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

        // The fixture's scheduler runs watch.AlertWatch each minute on the fixture's clock.
        rest.clock.advance(Duration.ofMinutes(1));
        Event run = next();
        assertThat(run.type()).isEqualTo("schedule.run");
        assertThat(run.data().path("name").asText()).isEqualTo("watch.AlertWatch");
        assertThat(run.data().path("alerts").asInt()).isEqualTo(1);
        assertThat(run.data().path("started").asText()).isEqualTo("2026-11-23T10:01:00+00:00");
        assertThat(run.data().path("durationMs").asLong()).isZero();
        assertThat(run.data().path("error").isNull()).isTrue();
    }

    @Test
    void aClientThatGoesAwayIsDroppedQuietlyAtTheNextEvent() throws Exception {
        // The server logs (slf4j-simple) go to System.err: a warning about the closed connection would show there.
        PrintStream err = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            dropAClient();
        } finally {
            System.setErr(err);
        }
        assertThat(log.toString(StandardCharsets.UTF_8)).doesNotContain("WARN").doesNotContain("ERROR");
    }

    private void dropAClient() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", rest.server.port())) {
            socket.getOutputStream().write(("GET /events/stream HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n"
                    + "Authorization: Bearer " + rest.token.value() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            String line;
            do {
                line = in.readLine();
            } while (line != null && !line.contains(": connected"));
            assertThat(rest.live.subscribers()).isEqualTo(2);
        }
        // The server learns of the closed connection when it next writes; publishing goes on until it has.
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            rest.live.publish("test", Json.object());
            return rest.live.subscribers() == 1;
        });
        // The subscriber still connected was not disturbed.
        assertThat(next().type()).isEqualTo("test");
    }

    @Test
    void theStreamNeedsALoginAndTheEventStreamAcceptHeader() throws Exception {
        assertThat(rest.send("GET", "/events/stream", null, "Accept", "text/event-stream").statusCode()).isEqualTo(401);
        HttpResponse<String> plain = rest.send("GET", "/events/stream", null, alice);
        assertThat(plain.statusCode()).isEqualTo(406);
        assertThat(RestFixture.json(plain).path("error").asText()).contains("text/event-stream");
    }
}
