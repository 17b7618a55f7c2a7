package org.rampart.intake.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rampart.event.Json;
import org.rampart.intake.journal.JournalEntry;

/** Intake behaviour beyond MozDef's fixtures: limits, token, backpressure, ids, metrics (bulk: {@link BulkReplyTest}). */
class IntakeHttpTest {
    @TempDir
    Path dir;

    private static IntakeSettings settings(long maxBody, int maxEvent, String token, long maxUnconsumed, int maxInFlight) {
        return new IntakeSettings("127.0.0.1", 0, maxBody, maxEvent, 1000, token, maxUnconsumed, maxInFlight, maxInFlight, 1024,
                Duration.ofSeconds(3));
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return Json.MAPPER.readTree(response.body());
    }

    @Test
    void everyEventRouteAcceptsPostAndPutWithAndWithoutTrailingSlash() throws Exception {
        try (IntakeFixture intake = new IntakeFixture(dir, IntakeFixture.DEFAULTS)) {
            for (String path : List.of("/events", "/nxlog", "/_status", "/cef", "/custom/app", "/_bulk")) {
                for (String method : List.of("POST", "PUT")) {
                    for (String slash : List.of("", "/")) {
                        HttpResponse<String> response = intake.send(method, path + slash, "{\"summary\": \"x\"}");
                        assertThat(response.statusCode()).as(method + " " + path + slash).isEqualTo(200);
                    }
                }
            }
            assertThat(intake.newEntries()).hasSize(24);
            assertThat(intake.send("DELETE", "/events", null).statusCode()).isEqualTo(405);
        }
    }

    /**
     * curl sends a body over 1 KB with "Expect: 100-continue" and waits for the interim reply before the body: the
     * single-event routes (on Jetty's own API) and Javalin's must both give it.
     */
    @Test
    void aBodyAfterExpect100ContinueIsTaken() throws Exception {
        try (IntakeFixture intake = new IntakeFixture(dir, IntakeFixture.DEFAULTS)) {
            String body = "{\"summary\": \"" + "x".repeat(2_000) + "\"}";
            for (String path : List.of("/events", "/custom/app", "/_bulk")) {
                try (Socket socket = new Socket("127.0.0.1", intake.server.port())) {
                    socket.setSoTimeout(10_000);
                    OutputStream out = socket.getOutputStream();
                    BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                            StandardCharsets.ISO_8859_1));
                    out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                            + "Content-Length: " + body.length() + "\r\nExpect: 100-continue\r\n\r\n")
                            .getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    assertThat(in.readLine()).as(path).startsWith("HTTP/1.1 100");
                    assertThat(in.readLine()).isEmpty();
                    out.write(body.getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    assertThat(in.readLine()).as(path).startsWith("HTTP/1.1 200");
                }
            }
            assertThat(intake.newEntries()).hasSize(3);
        }
    }

    @Test
    void jsonThatIsNotAnObjectIsRefusedWithAReason() throws Exception {
        try (IntakeFixture intake = new IntakeFixture(dir, IntakeFixture.DEFAULTS)) {
            for (String body : List.of("[1, 2]", "\"text\"", "42", "{\"a\": 1} trailing", "{\"a\": ")) {
                HttpResponse<String> response = intake.send("POST", "/events", body);
                assertThat(response.statusCode()).as(body).isEqualTo(400);
                assertThat(json(response).get("error").asText()).as(body).isNotBlank();
            }
            assertThat(intake.newEntries()).isEmpty();
            assertThat(intake.server.metrics().rejected("not_object")).isEqualTo(3);
            assertThat(intake.server.metrics().rejected("bad_json")).isEqualTo(2);
        }
    }

    @Test
    void deeplyNestedJsonIsRefusedNotCrashedOn() throws Exception {
        try (IntakeFixture intake = new IntakeFixture(dir, IntakeFixture.DEFAULTS)) {
            String deep = "{\"a\":".repeat(500) + "1" + "}".repeat(500);
            assertThat(intake.send("POST", "/events", deep).statusCode()).isEqualTo(400);
        }
    }

    @Test
    void bodyOverTheLimitIsRefusedAndNothingIsWritten() throws Exception {
        try (IntakeFixture intake = new IntakeFixture(dir, settings(100, 100, null, 1 << 20, 8))) {
            HttpResponse<String> response = intake.send("POST", "/events", "{\"summary\": \"" + "x".repeat(200) + "\"}");

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(json(response).get("error").asText()).contains("intake.max_body_size");
            assertThat(intake.newEntries()).isEmpty();
            assertThat(intake.server.metrics().rejected("too_large")).isEqualTo(1);
        }
    }

    @Test
    void tokenIsRequiredOnEventRoutesWhenConfigured() throws Exception {
        try (IntakeFixture intake = new IntakeFixture(dir, settings(1 << 20, 1 << 16, "s3cret", 1 << 20, 8))) {
            HttpResponse<String> none = intake.send("POST", "/events", "{}");
            HttpResponse<String> wrong = intake.send("POST", "/events", "{}", "Authorization", "Bearer nope");
            HttpResponse<String> right = intake.send("POST", "/events", "{}", "Authorization", "Bearer s3cret");

            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(right.statusCode()).isEqualTo(200);
            assertThat(intake.send("GET", "/status", null).statusCode()).isEqualTo(200);
            assertThat(intake.newEntries()).hasSize(1);
        }
    }

    @Test
    void journalOverItsBoundGives503WithRetryAfterAndWritesNothing() throws Exception {
        try (IntakeFixture intake = new IntakeFixture(dir, settings(1 << 20, 1 << 16, null, 300, 8))) {
            String event = "{\"summary\": \"" + "z".repeat(150) + "\"}";
            assertThat(intake.send("POST", "/events", event).statusCode()).isEqualTo(200);
            assertThat(intake.send("POST", "/events", event).statusCode()).isEqualTo(200);

            HttpResponse<String> refused = intake.send("POST", "/events", event);

            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("3");
            assertThat(json(refused).get("error").asText()).contains("journal.max_unconsumed");
            List<JournalEntry> written = intake.newEntries();
            assertThat(written).hasSize(2);

            intake.journal.checkpoint(written.getLast().next());
            assertThat(intake.send("POST", "/events", event).statusCode()).isEqualTo(200);
            assertThat(intake.server.metrics().rejected("overloaded")).isEqualTo(1);
        }
    }

    @Test
    void eachEventGetsAUniqueTimeOrderedIdAndTheMetricsCountIt() throws Exception {
        try (IntakeFixture intake = new IntakeFixture(dir, IntakeFixture.DEFAULTS)) {
            for (int i = 0; i < 20; i++) {
                intake.send("POST", "/events", "{\"n\": " + i + "}");
            }
            intake.send("POST", "/_bulk", "[{\"n\": 20}, {\"n\": 21}]");

            List<String> ids = intake.newEntries().stream().map(JournalEntry::id).toList();

            assertThat(ids).hasSize(22).doesNotHaveDuplicates().isSorted();
            assertThat(ids).allMatch(id -> id.matches("[0-9A-Z]{26}"));
            assertThat(intake.server.metrics().accepted()).isEqualTo(22);
            assertThat(intake.server.metrics().snapshot()).containsEntry("accepted", 22L);
        }
    }

    @Test
    void singleEventOverTheEventLimitIs400() throws Exception {
        try (IntakeFixture intake = new IntakeFixture(dir, settings(1 << 20, 50, null, 1 << 20, 8))) {
            HttpResponse<String> response = intake.send("POST", "/events", "{\"summary\": \"" + "x".repeat(60) + "\"}");

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(json(response).get("error").asText()).contains("intake.max_event_size");
            assertThat(intake.newEntries()).isEmpty();
        }
    }

    @Test
    void anEventIsMeasuredWrittenCompactlyNotWithTheWhitespaceOfItsBody() throws Exception {
        // {"summary":"xxx...","endpoint":"events"} is 50 bytes; the body's own bytes with the endpoint would be 82.
        String compactFits = "{\"summary\":\"" + "x".repeat(16) + "\"}";
        String pretty = "{\n    \"summary\"   :   \"" + "x".repeat(16) + "\"\n" + " ".repeat(20) + "}\n";
        try (IntakeFixture intake = new IntakeFixture(dir, settings(1 << 20, 50, null, 1 << 20, 8))) {
            assertThat(intake.send("POST", "/events", pretty).statusCode()).isEqualTo(200);
            assertThat(intake.send("POST", "/events", compactFits.replace("xxx", "xxxx")).statusCode()).isEqualTo(400);
            assertThat(intake.newEvents()).extracting(JsonNode::toString)
                    .containsExactly("{\"summary\":\"" + "x".repeat(16) + "\",\"endpoint\":\"events\"}");
        }
    }

    @Test
    void customApplicationNameIsBounded() throws Exception {
        try (IntakeFixture intake = new IntakeFixture(dir, IntakeFixture.DEFAULTS)) {
            assertThat(intake.send("POST", "/custom/" + "a".repeat(129), "{}").statusCode()).isEqualTo(400);
            assertThat(intake.newEntries()).isEmpty();
        }
    }
}
