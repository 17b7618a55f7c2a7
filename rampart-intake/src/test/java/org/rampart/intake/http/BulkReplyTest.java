package org.rampart.intake.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rampart.event.Json;
import org.rampart.intake.journal.JournalEntry;

/** {@code /_bulk} answers as Elasticsearch does, and the probes shippers make before they send. */
class BulkReplyTest {
    @TempDir
    Path dir;

    private static IntakeSettings settings(long maxBody, int maxEvent, String token) {
        return new IntakeSettings("127.0.0.1", 0, maxBody, maxEvent, 1000, token, 64L << 20, 8, 8, 1024, Duration.ofSeconds(3));
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return Json.MAPPER.readTree(response.body());
    }

    /** Each item's single key: the action it answers. */
    private static List<String> actions(JsonNode reply) {
        List<String> actions = new ArrayList<>();
        reply.get("items").forEach(item -> actions.add(item.fieldNames().next()));
        return actions;
    }

    @Test
    void oneItemPerDocumentInOrderWithTheIntakeIdOrTheReason() throws Exception {
        try (IntakeFixture intake = new IntakeFixture(dir, settings(1 << 20, 60, null))) {
            String body = """
                    {"index": {"_index": "events", "_id": "client-chosen"}}
                    {"summary": "one"}
                    not json
                    {"create": {}}
                    [1]

                    {"summary": "%s"}
                    {"create": {"_index": "x"}}
                    {"summary": "two"}
                    """.formatted("y".repeat(100));

            HttpResponse<String> response = intake.send("POST", "/_bulk", body);

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
            JsonNode reply = json(response);
            assertThat(reply.get("errors").asBoolean()).isTrue();
            assertThat(reply.get("took").isIntegralNumber()).isTrue();
            assertThat(reply.get("action_lines").asInt()).isEqualTo(3);
            assertThat(actions(reply)).containsExactly("index", "index", "create", "index", "create");
            assertThat(reply.get("items").findValuesAsText("status")).containsExactly("201", "400", "400", "400", "201");
            assertThat(reply.get("items").findValuesAsText("_index")).containsOnly("events");
            assertThat(reply.at("/items/1/index/error/reason").asText()).startsWith("line 3: not JSON");
            assertThat(reply.at("/items/2/create/error/reason").asText()).startsWith("line 5: not a JSON object");
            assertThat(reply.at("/items/3/index/error/reason").asText()).startsWith("line 7:").contains("intake.max_event_size");
            assertThat(reply.at("/items/1/index").has("_id")).isFalse();

            List<JournalEntry> written = intake.newEntries();
            assertThat(written).extracting(e -> Json.MAPPER.readTree(e.payload()).get("summary").asText())
                    .containsExactly("one", "two");
            // The id a client gets back is the one the event is stored under, not the one the action line asked for.
            assertThat(List.of(reply.at("/items/0/index/_id").asText(), reply.at("/items/4/create/_id").asText()))
                    .containsExactly(written.get(0).id(), written.get(1).id());
            assertThat(intake.server.metrics().rejected("bad_line")).isEqualTo(3);
        }
    }

    @Test
    void onlyAnObjectWhoseSoleKeyIsIndexOrCreateIsAnActionLine() throws Exception {
        try (IntakeFixture intake = new IntakeFixture(dir, IntakeFixture.DEFAULTS)) {
            String body = """
                    {"index": {"_index": "events"}}
                    {"index": "web-01", "summary": "an event that has an index key"}
                    {"index": "just a string"}
                    {"create": 1}
                    {"delete": {"_id": "1"}}
                    """;

            JsonNode reply = json(intake.send("POST", "/_bulk", body));

            assertThat(reply.get("action_lines").asInt()).isEqualTo(1);
            assertThat(reply.get("items")).hasSize(4);
            assertThat(reply.get("errors").asBoolean()).isFalse();
            assertThat(intake.newEvents()).hasSize(4).first()
                    .satisfies(event -> assertThat(event.get("summary").asText()).isEqualTo("an event that has an index key"));
        }
    }

    @Test
    void aBulkWithOnlyBadLinesIsA400WithAnItemForEachLine() throws Exception {
        try (IntakeFixture intake = new IntakeFixture(dir, IntakeFixture.DEFAULTS)) {
            HttpResponse<String> response = intake.send("POST", "/_bulk", "x\n".repeat(5000));

            assertThat(response.statusCode()).isEqualTo(400);
            JsonNode reply = json(response);
            assertThat(reply.get("errors").asBoolean()).isTrue();
            assertThat(reply.get("items")).hasSize(5000);
            assertThat(reply.at("/items/4999/index/error/reason").asText()).startsWith("line 5000:");
            assertThat(intake.newEntries()).isEmpty();
        }
    }

    @Test
    void aJsonArrayGetsTheSameReplyAndTheIndexInThePathIsAccepted() throws Exception {
        try (IntakeFixture intake = new IntakeFixture(dir, IntakeFixture.DEFAULTS)) {
            HttpResponse<String> response = intake.send("PUT", "/logs-2026/_bulk/", "[{\"n\": 1}, {\"n\": 2}]");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(json(response).get("items").findValuesAsText("_id"))
                    .containsExactlyElementsOf(intake.newEntries().stream().map(JournalEntry::id).toList());
        }
    }

    @Test
    void aBulkBodyOverTheLimitIs413SoShippersSplitTheBatch() throws Exception {
        try (IntakeFixture intake = new IntakeFixture(dir, settings(100, 100, null))) {
            String body = "{\"summary\": \"x\"}\n".repeat(10);

            HttpResponse<String> bulk = intake.send("POST", "/_bulk", body);
            HttpResponse<String> single = intake.send("POST", "/events", body);

            assertThat(bulk.statusCode()).isEqualTo(413);
            assertThat(json(bulk).get("error").asText()).contains("intake.max_body_size");
            assertThat(single.statusCode()).isEqualTo(400);
            assertThat(intake.newEntries()).isEmpty();
        }
    }

    @Test
    void aBulkOverTheDocumentLimitIs413AndWritesNothing() throws Exception {
        try (IntakeFixture intake = new IntakeFixture(dir, IntakeFixture.DEFAULTS)) {
            HttpResponse<String> response = intake.send("POST", "/_bulk", "{}\n".repeat(10_001));

            assertThat(response.statusCode()).isEqualTo(413);
            assertThat(json(response).get("error").asText()).contains("intake.max_bulk_documents");
            assertThat(intake.newEntries()).isEmpty();
            assertThat(intake.send("POST", "/_bulk", "{}\n".repeat(10_000)).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void shippersStartupProbesAreAnswered() throws Exception {
        try (IntakeFixture intake = new IntakeFixture(dir, settings(1 << 20, 1 << 16, "s3cret"))) {
            HttpResponse<String> info = intake.send("GET", "/", null);
            assertThat(info.statusCode()).isEqualTo(200);
            assertThat(json(info).at("/version/number").asText()).isEqualTo("7.10.2");
            assertThat(json(info).get("tagline").asText()).isEqualTo("You Know, for Search");
            assertThat(intake.send("HEAD", "/", null).statusCode()).isEqualTo(200);
            HttpResponse<String> health = intake.send("GET", "/_cluster/health/events", null);
            assertThat(json(health).get("status").asText()).isEqualTo("green");

            for (String path : List.of("/_template/t", "/_index_template/t", "/_component_template/t")) {
                HttpResponse<String> template = intake.send("PUT", path, "{\"index_patterns\": [\"x\"]}",
                        "Authorization", "Bearer s3cret");
                assertThat(template.statusCode()).as(path).isEqualTo(200);
                assertThat(json(template).get("acknowledged").asBoolean()).isTrue();
                assertThat(intake.send("PUT", path, "{}").statusCode()).as(path + " without the token").isEqualTo(401);
            }
            assertThat(intake.newEntries()).isEmpty();
        }
    }
}
