package org.rampart.server.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.rampart.conformance.JsonComparison;
import org.rampart.event.Json;
import org.rampart.event.config.RampartConfig;
import org.rampart.server.run.RampartServer;

/**
 * {@code mozdef-http-fixture/1}: starts a real Rampart on free ports with a fresh data folder, seeds the state a
 * case gives, sends its requests and compares the replies. MozDef-tested cases must match; derived cases are
 * parity, where Rampart's deliberate 400-instead-of-500 counts as a strict mismatch, not a failure.
 */
final class HttpFixtures implements FixtureKind {
    private static final String FORMAT = "mozdef-http-fixture/1";
    private final HttpClient http = HttpClient.newHttpClient();

    @Override
    public boolean accepts(JsonNode fixture) {
        return FORMAT.equals(fixture.path("fixture_format").asText());
    }

    @Override
    public List<Outcome> run(Path file, JsonNode fixture) throws Exception {
        boolean rest = "rest".equals(fixture.path("service").asText());
        Path data = Files.createTempDirectory("rampart-http-fixture");
        List<Outcome> outcomes = new ArrayList<>();
        RampartConfig config = RampartConfig.load(null, Map.of()).with(Map.of(
                "data.dir", data.toString(), "intake.port", "0", "rest.port", "0", "web.port", "0", "bind", "127.0.0.1"));
        try (RampartServer server = RampartServer.start(config)) {
            Set<List<String>> chains = chainKeys(fixture);
            for (JsonNode c : fixture.path("cases")) {
                List<JsonNode> requests = new ArrayList<>();
                c.path("requests").forEach(requests::add);
                if (c.has("request")) {
                    requests.add(c.get("request"));
                }
                if (requests.isEmpty()) {
                    continue; // e.g. MozDef's "is MongoDB up" check: nothing to send
                }
                URI base = URI.create("http://127.0.0.1:" + (rest ? server.restPort() : server.intakePort()));
                seed(server, base, c.path("given"), chains);
                boolean required = c.path("origin").asText("mozdef-test").equals("mozdef-test");
                outcomes.add(check(file, c, base, requests, required, server.apiToken()));
            }
        } finally {
            deleteTree(data);
        }
        return outcomes;
    }

    private Outcome check(Path file, JsonNode c, URI base, List<JsonNode> requests, boolean required, String token)
            throws IOException, InterruptedException {
        JsonNode expected = c.path("expected_response");
        String id = c.path("id").asText();
        for (JsonNode r : requests) {
            HttpResponse<String> reply = send(base, r, token);
            String difference = difference(expected, reply);
            if (difference != null) {
                boolean deliberate = expected.path("status").asInt() == 500 && reply.statusCode() == 400;
                boolean passed = !required || deliberate;
                return new Outcome(file.toString(), id, passed, false,
                        r.path("method").asText() + " " + r.path("path").asText() + ": " + difference);
            }
        }
        return new Outcome(file.toString(), id, true, true, null);
    }

    private static String difference(JsonNode expected, HttpResponse<String> reply) throws IOException {
        int status = expected.path("status").asInt();
        if (reply.statusCode() != status) {
            return "status " + reply.statusCode() + ", expected " + status;
        }
        String body = expected.path("body").asText(null);
        if (body != null && !body.startsWith("<") && !body.equals(reply.body())) {
            return "body " + reply.body() + ", expected " + body;
        }
        String contentType = expected.path("content_type").asText(null);
        if (contentType != null && !body(expected).startsWith("<")) {
            String got = reply.headers().firstValue("Content-Type").orElse("");
            if (!got.replace(" ", "").toLowerCase().startsWith(contentType.replace(" ", "").toLowerCase())) {
                return "content type " + got + ", expected " + contentType;
            }
        }
        boolean wantsJson = expected.has("json") || expected.has("json_contains") || expected.has("json_keys_present")
                || expected.has("json_unordered_list");
        if (!wantsJson) {
            return null;
        }
        JsonNode json;
        try {
            json = reply.body().isEmpty() ? null : Json.MAPPER.readTree(reply.body());
        } catch (IOException e) {
            return "body is not JSON: " + reply.body();
        }
        if (expected.has("json") && (json == null || !JsonComparison.FIXTURES.equal(expected.get("json"), json))) {
            return "json " + json + ", expected " + expected.get("json");
        }
        if (expected.has("json_contains")) {
            for (Iterator<Map.Entry<String, JsonNode>> it = expected.get("json_contains").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (json == null || !JsonComparison.FIXTURES.equal(e.getValue(), json.path(e.getKey()))) {
                    return "json." + e.getKey() + " " + (json == null ? null : json.get(e.getKey())) + ", expected " + e.getValue();
                }
            }
        }
        for (JsonNode key : expected.path("json_keys_present")) {
            if (json == null || !json.has(key.asText())) {
                return "json lacks " + key.asText();
            }
        }
        if (expected.has("json_unordered_list")) {
            Set<JsonNode> want = new HashSet<>();
            expected.get("json_unordered_list").forEach(want::add);
            Set<JsonNode> got = new HashSet<>();
            if (json != null) {
                json.forEach(got::add);
            }
            if (json == null || json.size() != want.size() || !want.equals(got)) {
                return "json " + json + ", expected in any order " + expected.get("json_unordered_list");
            }
        }
        return null;
    }

    private static String body(JsonNode expected) {
        return expected.path("body").asText("");
    }

    private HttpResponse<String> send(URI base, JsonNode r, String token) throws IOException, InterruptedException {
        StringBuilder path = new StringBuilder(r.path("path").asText());
        if (r.has("query")) {
            char sep = '?';
            for (Iterator<Map.Entry<String, JsonNode>> it = r.get("query").fields(); it.hasNext(); sep = '&') {
                Map.Entry<String, JsonNode> e = it.next();
                path.append(sep).append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
                        .append(URLEncoder.encode(e.getValue().asText(), StandardCharsets.UTF_8));
            }
        }
        String body = r.has("json") ? r.get("json").toString() : r.path("body").asText(null);
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path.toString()))
                .method(r.path("method").asText("GET"),
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Authorization", "Bearer " + token);
        if (body != null) {
            b.header("Content-Type", r.path("content_type").asText("application/json"));
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Puts the case's {@code given} state in place: documents in the store, triage chains through the API. */
    private void seed(RampartServer server, URI restBase, JsonNode given, Set<List<String>> chains)
            throws IOException, InterruptedException {
        JsonNode es = given.path("elasticsearch");
        if (es.has("index")) {
            for (JsonNode doc : es.path("documents")) {
                server.store().saveObject(es.get("index").asText(), doc.path("_id").asText(null),
                        (ObjectNode) doc.get("_source"));
            }
            server.store().refresh();
        }
        JsonNode mongoChains = given.path("mongo").path("meteor.duplicatechains");
        if (mongoChains.isArray()) {
            URI rest = URI.create("http://127.0.0.1:" + server.restPort());
            for (List<String> key : chains) {
                ObjectNode delete = Json.object().put("alert", key.get(0)).put("user", key.get(1));
                send(rest, Json.object().put("method", "DELETE").put("path", "/alerttriagechain").set("json", delete),
                        server.apiToken());
            }
            for (JsonNode chain : mongoChains) {
                ObjectNode create = Json.object().put("alert", chain.path("alert").asText())
                        .put("user", chain.path("user").asText());
                create.set("identifiers", chain.path("identifiers"));
                send(rest, Json.object().put("method", "POST").put("path", "/alerttriagechain").set("json", create),
                        server.apiToken());
            }
        }
    }

    /** Every (alert, user) pair the fixture mentions, so a case can start from an empty chain collection. */
    private static Set<List<String>> chainKeys(JsonNode fixture) {
        Set<List<String>> keys = new HashSet<>();
        for (JsonNode c : fixture.path("cases")) {
            for (JsonNode chain : c.path("given").path("mongo").path("meteor.duplicatechains")) {
                keys.add(List.of(chain.path("alert").asText(), chain.path("user").asText()));
            }
            for (JsonNode r : c.path("requests")) {
                JsonNode src = r.has("json") ? r.get("json") : r.path("query");
                if (src.has("alert") && src.has("user")) {
                    keys.add(List.of(src.get("alert").asText(), src.get("user").asText()));
                }
            }
        }
        return keys;
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
