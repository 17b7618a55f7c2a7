package org.rampart.pipeline.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.rampart.event.Json;
import org.rampart.pipeline.EventMetadata;
import org.rampart.pipeline.EventContext;
import org.rampart.pipeline.PluginContext;
import org.rampart.pipeline.plugins.TriageBot;

/**
 * The "process" entry of triage_bot: the plugin talks to a real HTTP server on a free local port standing in for
 * the fixture's REST API (which answered 200), and the requests it made must be the recorded ones (method, path,
 * JSON body, bearer token); a difference is thrown, so the case fails with it.
 */
public final class TriageBotProcessEntry implements MqEntryPoint {

    private record Request(String method, String path, String authorization, JsonNode body) {}

    @Override
    public String entry() {
        return "process";
    }

    @Override
    public boolean supports(String subject) {
        return "triage_bot".equals(subject);
    }

    @Override
    public Outcome invoke(String subject, ObjectNode input, ObjectNode metadata, PluginContext context,
                          EventContext event, JsonNode environment) {
        List<Request> seen = new CopyOnWriteArrayList<>();
        HttpServer api = start(seen);
        Path configDir = null;
        try {
            String url = environment.path("rest_api_url").asText("");
            String local = url.isEmpty() ? "" : "http://127.0.0.1:" + api.getAddress().getPort();
            configDir = Files.createTempDirectory("rampart-triage");
            Files.writeString(configDir.resolve("triage_bot.json"), Json.object().put("rest_api_url", local)
                    .put("rest_api_token", environment.path("rest_api_token").asText("")).toString());
            TriageBot bot = new TriageBot();
            bot.configure(new PluginContext(context.hostname(), configDir, context.geoipDir(), context.geoipCheckInterval()));
            ObjectNode out = bot.process(input, new EventMetadata(event));
            verify(environment.path("expected_http_requests"), seen);
            return new Outcome(out, out == null ? null : metadata);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            api.stop(0);
            delete(configDir);
        }
    }

    private static HttpServer start(List<Request> seen) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", exchange -> {
                try (InputStream in = exchange.getRequestBody()) {
                    byte[] bytes = in.readAllBytes();
                    JsonNode body = bytes.length == 0 ? null : Json.MAPPER.readTree(bytes);
                    seen.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                            exchange.getRequestHeaders().getFirst("Authorization"), body));
                }
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the stand-in REST API", e);
        }
    }

    private static void verify(JsonNode expected, List<Request> seen) {
        if (expected.size() != seen.size()) {
            throw new IllegalStateException("expected " + expected.size() + " REST calls, saw " + seen.size());
        }
        for (int i = 0; i < seen.size(); i++) {
            JsonNode want = expected.get(i);
            Request got = seen.get(i);
            String path = URI.create(want.path("url").asText()).getPath();
            String difference = !want.path("method").asText().equals(got.method()) ? "method " + got.method()
                    : !path.equals(got.path()) ? "path " + got.path()
                    : got.authorization() == null || !got.authorization().startsWith("Bearer ") ? "no bearer token"
                    : MqFixtures.COMPARISON.difference(want.path("json"), got.body() == null ? Json.object() : got.body());
            if (difference != null) {
                throw new IllegalStateException("REST call " + i + " differs: " + difference);
            }
        }
    }

    private static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try {
            Files.deleteIfExists(dir.resolve("triage_bot.json"));
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // A leftover temporary folder is harmless.
        }
    }
}
