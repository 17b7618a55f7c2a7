package org.rampart.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.rampart.event.Json;
import org.rampart.server.run.RampartServer;

/**
 * {@code state.type: postgresql}: two web nodes on one PostgreSQL database (each with its own data folder) share
 * incidents, and a change made through one node arrives on the other node's live stream (LISTEN/NOTIFY).
 */
class SharedStateTest {
    @RegisterExtension
    final TwoNodes nodes = new TwoNodes("web");
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void anIncidentMadeOnOneNodeIsOnTheOtherAndOnItsLiveStream() throws Exception {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        HttpResponse<Stream<String>> stream = http.send(request(nodes.b, "/events/stream")
                .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofLines());
        assertThat(stream.statusCode()).isEqualTo(200);
        Thread.ofVirtual().start(() -> {
            try {
                stream.body().forEach(lines::add);
            } catch (java.io.UncheckedIOException closedByTheTest) {
                // The stream ends when the test closes it.
            }
        });
        assertThat(lines.poll(30, TimeUnit.SECONDS)).isEqualTo(": connected");

        HttpResponse<String> created = http.send(request(nodes.a, "/incidents").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"summary\": \"made on node a\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isBetween(200, 201);
        long id = Json.MAPPER.readTree(created.body()).path("id").asLong();

        JsonNode event = nextEvent(lines, "incident");
        assertThat(event.path("id").asLong()).isEqualTo(id);
        assertThat(event.path("action").asText()).isEqualTo("create");

        HttpResponse<String> read = http.send(request(nodes.b, "/incidents/" + id).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(read.body()).path("summary").asText()).isEqualTo("made on node a");
        stream.body().close();
    }

    private HttpRequest.Builder request(RampartServer node, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.restPort() + path))
                .header("Authorization", "Bearer " + node.apiToken());
    }

    private static JsonNode nextEvent(BlockingQueue<String> lines, String type) throws Exception {
        String current = null;
        while (true) {
            String line = lines.poll(30, TimeUnit.SECONDS);
            assertThat(line).as("a %s event within 30 s", type).isNotNull();
            if (line.startsWith("event: ")) {
                current = line.substring("event: ".length());
            } else if (line.startsWith("data: ") && type.equals(current)) {
                return Json.MAPPER.readTree(line.substring("data: ".length()));
            }
        }
    }

}
