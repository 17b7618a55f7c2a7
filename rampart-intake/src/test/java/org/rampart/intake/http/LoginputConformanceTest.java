package org.rampart.intake.http;

import org.rampart.event.testing.RepoRoot;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rampart.event.Json;

/**
 * Every case of conformance/http/loginput.json against a real intake server; what MozDef published is
 * compared with what lands in the journal. Rampart's deliberate differences (conformance/README.md: bad
 * input is a 400 with a JSON reason, a bulk request keeps its good lines, {@code /_bulk} answers with
 * Elasticsearch's bulk response) are listed in {@link #DIFFERS}.
 */
class LoginputConformanceTest {
    /** Case id → Rampart's status, where MozDef answers 500, silently drops, or answers /_bulk with an empty body. */
    private static final Map<String, Integer> DIFFERS = Map.of(
            "events_invalid_json", 400,
            "events_empty_body", 400,
            "underscore_status_get", 400,
            "custom_invalid", 400,
            "bulk_json_array", 200,
            "bulk_ndjson", 200,
            "bulk_ndjson_bad_line", 200,
            "bulk_short_garbage", 400);

    @TempDir
    static Path dir;
    static IntakeFixture intake;

    @BeforeAll
    static void start() throws Exception {
        intake = new IntakeFixture(dir, IntakeFixture.DEFAULTS);
    }

    @AfterAll
    static void stop() throws Exception {
        intake.close();
    }

    static Stream<JsonNode> cases() throws Exception {
        JsonNode fixture = Json.MAPPER.readTree(RepoRoot.get().resolve("conformance/http/loginput.json").toFile());
        List<JsonNode> cases = new ArrayList<>();
        fixture.get("cases").forEach(cases::add);
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void replyAndJournalMatchMozDef(JsonNode fixtureCase) throws Exception {
        String id = fixtureCase.get("id").asText();
        JsonNode request = fixtureCase.get("request");
        JsonNode expected = fixtureCase.get("expected_response");
        String body = request.has("body") ? request.get("body").asText() : null;
        String[] headers = request.has("content_type") ? new String[] {"Content-Type", request.get("content_type").asText()}
                : new String[0];
        intake.newEntries();

        HttpResponse<String> response = intake.send(request.get("method").asText(), request.get("path").asText(), body, headers);
        List<JsonNode> published = intake.newEvents();

        List<JsonNode> expectedPublished = new ArrayList<>();
        fixtureCase.get("expected_published").forEach(p -> expectedPublished.add(p.get("body")));
        if (DIFFERS.containsKey(id)) {
            assertThat(response.statusCode()).isEqualTo(DIFFERS.get(id));
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
            JsonNode reply = Json.MAPPER.readTree(response.body());
            assertThat(reply.isObject()).isTrue();
            if (id.equals("bulk_ndjson_bad_line")) {
                // MozDef stops at the bad line; Rampart keeps the line after it too, and names the bad one.
                expectedPublished.add(Json.MAPPER.readTree("{\"summary\": \"two\"}"));
                assertThat(reply.at("/items/1/index/status").asInt()).isEqualTo(400);
                assertThat(reply.at("/items/1/index/error/reason").asText()).startsWith("line 2:");
            }
            if (reply.has("items")) {
                // One item per document line: the events MozDef published plus the one it could not.
                assertThat(reply.get("items")).hasSize(expectedPublished.size() + (reply.get("errors").asBoolean() ? 1 : 0));
            }
        } else {
            assertThat(response.statusCode()).isEqualTo(expected.get("status").asInt());
            String expectedBody = expected.get("body").asText();
            if (!expectedBody.startsWith("<bottle default")) {
                assertThat(response.body()).isEqualTo(expectedBody);
                assertThat(mediaType(response.headers().firstValue("Content-Type").orElse("")))
                        .isEqualTo(mediaType(expected.get("content_type").asText()));
            }
        }
        assertThat(published).containsExactlyElementsOf(expectedPublished);
    }

    /** Jetty writes "text/html;charset=utf-8" for "text/html; charset=UTF-8": the same media type (RFC 9110 8.3). */
    private static String mediaType(String contentType) {
        return contentType.replace(" ", "").toLowerCase(java.util.Locale.ROOT);
    }
}
