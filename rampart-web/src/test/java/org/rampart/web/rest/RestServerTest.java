package org.rampart.web.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rampart.event.Json;
import org.rampart.event.config.DataLayout;
import org.rampart.store.lucene.LuceneEventStore;
import org.rampart.web.auth.ApiToken;
import org.rampart.web.auth.LoginThrottle;
import org.rampart.web.auth.Sessions;
import org.rampart.web.state.StateDatabase;

/** A real REST server on a free port, a real Lucene store and H2 state, talked to over HTTP. */
class RestServerTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    private LuceneEventStore store;
    private StateDatabase state;
    private RestServer server;
    private ApiToken token;

    @BeforeEach
    void start() {
        store = LuceneEventStore.open(dir.resolve("store"), CLOCK);
        state = StateDatabase.openEmbedded(DataLayout.under(dir).state());
        token = ApiToken.loadOrCreate(DataLayout.under(dir).apiToken());
        server = RestServer.start(new RestServer.Settings("127.0.0.1", 0, store, state, token, CLOCK,
                new RestServer.Security(new Sessions.Timeouts(Duration.ofMinutes(30), Duration.ofHours(12)),
                        new LoginThrottle.Limits(5, 20, Duration.ofMinutes(15)), false)));
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        state.close();
        store.close();
    }

    @Test
    void statusAndTestAreOpenAndByteExactAsMozDef() throws Exception {
        for (String path : new String[] {"/status", "/status/"}) {
            HttpResponse<String> r = send("GET", path, null, false);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("{\"status\": \"ok\", \"service\": \"restapi\"}");
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        }
        HttpResponse<String> test = send("GET", "/test/", null, false);
        assertThat(test.statusCode()).isEqualTo(200);
        assertThat(test.body()).isEmpty();
    }

    @Test
    void everythingElseNeedsTheToken() throws Exception {
        assertThat(send("POST", "/query", "{\"minutes\": 5}", false).statusCode()).isEqualTo(401);
        HttpResponse<String> wrong = http.send(HttpRequest.newBuilder(uri("/kibanadashboards"))
                .header("Authorization", "Bearer not-the-token-at-all").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).contains("api-token");
    }

    @Test
    void queryFindsAStoredEventAndCountsIt() throws Exception {
        store.saveEvent("events", "e1", (com.fasterxml.jackson.databind.node.ObjectNode) Json.MAPPER.readTree(
                "{\"summary\":\"test login failed\",\"utctimestamp\":\"2026-11-23T09:58:00+00:00\","
                + "\"receivedtimestamp\":\"2026-11-23T09:58:00+00:00\",\"tags\":[\"x\"]}"));
        store.refresh();
        String query = "{\"minutes\": 5, \"must\": [{\"query_string\": \"summary:test\"}]}";
        HttpResponse<String> r = send("POST", "/query", query, true);
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode result = Json.MAPPER.readTree(r.body());
        assertThat(result.path("hits")).hasSize(1);
        assertThat(result.path("hits").get(0).path("_id").asText()).isEqualTo("e1");
        assertThat(result.path("hits").get(0).path("_source").path("summary").asText()).isEqualTo("test login failed");
        assertThat(result.path("meta").path("timed_out").asBoolean(true)).isFalse();

        JsonNode count = Json.MAPPER.readTree(send("POST", "/query/count", query, true).body());
        assertThat(count.path("count").asLong()).isEqualTo(1);
        // MozDef windows match on utctimestamp or receivedtimestamp: both are 2 minutes old here.
        String outside = "{\"minutes\": 1, \"must\": [{\"query_string\": \"summary:test\"}]}";
        assertThat(Json.MAPPER.readTree(send("POST", "/query/count", outside, true).body()).path("count").asLong()).isZero();
    }

    @Test
    void badQueriesAreA400WithTheReason() throws Exception {
        HttpResponse<String> notJson = send("POST", "/query", "{nope", true);
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(Json.MAPPER.readTree(notJson.body()).path("error").asText()).contains("not JSON");
        HttpResponse<String> unknownKey = send("POST", "/query", "{\"minutes\": 5, \"bogus\": 1}", true);
        assertThat(unknownKey.statusCode()).isEqualTo(400);
        assertThat(unknownKey.body()).contains("bogus");
        assertThat(send("POST", "/query", "", true).statusCode()).isEqualTo(400);
    }

    @Test
    void aDeeplyNestedQueryStringIsA400AndLogsNoStackTrace() throws Exception {
        // 16k parentheses used to overflow the parser's stack: a 500 and a thousand-line stack trace per request.
        String nested = "(".repeat(16_000) + "a" + ")".repeat(16_000);
        String query = Json.object().set("must", Json.MAPPER.createArrayNode().add(Json.object().put("query_string", nested)))
                .toString();
        PrintStream stderr = System.err;
        ByteArrayOutputStream logged = new ByteArrayOutputStream();
        HttpResponse<String> r;
        System.setErr(new PrintStream(logged, true, StandardCharsets.UTF_8));
        try {
            r = send("POST", "/query", query, true);
        } finally {
            System.setErr(stderr);
        }
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(Json.MAPPER.readTree(r.body()).path("error").asText()).isEqualTo("query nests deeper than 100 levels");
        assertThat(logged.toString(StandardCharsets.UTF_8)).doesNotContain("Exception").doesNotContain("Error");
        assertThat(send("POST", "/query", query.replace(nested, "(((a)))"), true).statusCode()).isEqualTo(200);
    }

    @Test
    void kibanaDashboardsListsSavedDashboards() throws Exception {
        store.saveObject(".kibana", "dashboard:Example-SSH-Dashboard", (com.fasterxml.jackson.databind.node.ObjectNode)
                Json.MAPPER.readTree("{\"type\":\"dashboard\",\"dashboard\":{\"title\":\"Example SSH Dashboard\"}}"));
        store.refresh();
        JsonNode list = Json.MAPPER.readTree(send("GET", "/kibanadashboards/", null, true).body());
        assertThat(list).hasSize(1);
        assertThat(list.get(0).path("id").asText()).isEqualTo("Example-SSH-Dashboard");
        assertThat(list.get(0).path("name").asText()).isEqualTo("Example SSH Dashboard");
    }

    @Test
    void triageChainLifecycle() throws Exception {
        String chain = "{\"alert\": \"a1\", \"user\": \"u@example.com\", \"identifiers\": [\"id1\"]}";
        assertThat(send("POST", "/alerttriagechain", chain, true).body()).isEqualTo("{\"error\":null}");
        assertThat(send("PUT", "/alerttriagechain", "{\"alert\": \"a1\", \"user\": \"u@example.com\", \"identifiers\": [\"id2\"]}", true)
                .statusCode()).isEqualTo(200);
        JsonNode got = Json.MAPPER.readTree(send("GET", "/alerttriagechain?alert=a1&user=u%40example.com", null, true).body());
        assertThat(got.path("error").isNull()).isTrue();
        assertThat(got.path("identifiers").toString()).isEqualTo("[\"id1\",\"id2\"]");
        assertThat(got.path("created").asText()).isEqualTo("2026-11-23T10:00:00+00:00");

        HttpResponse<String> missing = send("GET", "/alerttriagechain?alert=a1", null, true);
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(send("POST", "/alerttriagechain", "not json", true).statusCode()).isEqualTo(400);

        assertThat(send("DELETE", "/alerttriagechain", "{\"alert\": \"a1\", \"user\": \"u@example.com\"}", true).statusCode()).isEqualTo(200);
        JsonNode gone = Json.MAPPER.readTree(send("GET", "/alerttriagechain?alert=a1&user=u%40example.com", null, true).body());
        assertThat(gone.path("error").asText()).isEqualTo("Did not find requested duplicate chian");
        assertThat(gone.path("identifiers")).isEmpty();
    }

    private HttpResponse<String> send(String method, String path, String body, boolean withToken) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (withToken) {
            b.header("Authorization", "Bearer " + token.value());
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }
}
