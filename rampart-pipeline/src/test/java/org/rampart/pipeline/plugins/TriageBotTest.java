package org.rampart.pipeline.plugins;

import org.rampart.pipeline.EventContext;

import org.rampart.event.testing.RepoRoot;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rampart.event.Json;
import org.rampart.pipeline.EventMetadata;
import org.rampart.pipeline.PluginContext;

/** triage_bot against a real HTTP server standing in for the REST API: the fixture's cases and its failure paths. */
class TriageBotTest {
    record Received(String method, String path, String authorization, JsonNode body) {}

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private HttpServer server;
    @TempDir
    Path config;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    Json.MAPPER.readTree(new String(body, StandardCharsets.UTF_8))));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private TriageBot bot(String url, String token) throws IOException {
        ObjectNode conf = Json.object().put("rest_api_url", url).put("rest_api_token", token);
        Files.writeString(config.resolve(TriageBot.CONFIG), conf.toString());
        TriageBot bot = new TriageBot();
        bot.configure(new PluginContext(() -> "test-host", config, null));
        return bot;
    }

    private String serverUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Test
    void fixtureCasesPostTheAlertStatusAndReshapeTheAnswer() throws IOException {
        JsonNode fixture = Json.MAPPER.readTree(RepoRoot.get().resolve("conformance/mq/triage_bot.json").toFile());
        assertThat(fixture.path("cases").size()).isEqualTo(3);
        for (JsonNode c : fixture.path("cases")) {
            received.clear();
            JsonNode env = c.path("environment");
            // The fixture's mocked API host becomes the real local server.
            String url = env.path("rest_api_url").asText().isEmpty() ? "" : serverUrl();
            TriageBot bot = bot(url, env.path("rest_api_token").asText());

            ObjectNode out = bot.process(c.get("input").deepCopy(), new EventMetadata(EventContext.at(Clock.systemUTC())));

            if (c.path("expected").asText().equals("dropped")) {
                assertThat(out).as(c.path("id").asText()).isNull();
            } else {
                assertThat(out).as(c.path("id").asText()).isEqualTo(c.get("expected"));
            }
            JsonNode requests = c.path("expected_http_requests");
            assertThat(received).as(c.path("id").asText()).hasSize(requests.size());
            for (int i = 0; i < requests.size(); i++) {
                JsonNode want = requests.get(i);
                Received got = received.get(i);
                assertThat(got.method()).isEqualTo(want.path("method").asText());
                assertThat(serverUrl() + got.path())
                        .isEqualTo(want.path("url").asText().replace(env.path("rest_api_url").asText(), serverUrl()));
                assertThat(got.authorization()).isEqualTo(
                        want.path("auth_header_format").asText().replace("%s", env.path("rest_api_token").asText()));
                assertThat(got.body()).isEqualTo(want.path("json"));
            }
        }
    }

    private static ObjectNode answer(String response) {
        ObjectNode event = Json.object().put("category", "triagebot");
        event.putObject("details").put("identifier", "alert-1").put("identityConfidence", "low")
                .put("response", response)
                .putObject("user").put("email", "a@example.com").put("slack", "a");
        return event;
    }

    @Test
    void answersMapToAlertStatuses() throws IOException {
        TriageBot bot = bot(serverUrl(), "t");
        bot.onMessage(answer("no"), new EventMetadata(EventContext.at(Clock.systemUTC())));
        bot.onMessage(answer("wrongUser"), new EventMetadata(EventContext.at(Clock.systemUTC())));
        assertThat(received).extracting(r -> r.body().path("status").asText()).containsExactly("escalated", "manual");
    }

    @Test
    void aRejectedUpdateDropsTheAnswer() throws IOException {
        status = 400;
        assertThat(bot(serverUrl(), "t").onMessage(answer("yes"), new EventMetadata(EventContext.at(Clock.systemUTC())))).isNull();
        assertThat(received).hasSize(1);
    }

    @Test
    void anUnreachableApiDropsTheAnswer() throws IOException {
        String url = serverUrl();
        server.stop(0);
        assertThat(bot(url, "t").onMessage(answer("yes"), new EventMetadata(EventContext.at(Clock.systemUTC())))).isNull();
    }

    @Test
    void otherCategoriesPassUntouchedWithoutACall() throws IOException {
        ObjectNode event = answer("yes").put("category", "syslog");
        ObjectNode copy = event.deepCopy();
        assertThat(bot(serverUrl(), "t").onMessage(event, new EventMetadata(EventContext.at(Clock.systemUTC())))).isEqualTo(copy);
        assertThat(received).isEmpty();
    }
}
