package org.rampart.alerts.actions;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.rampart.event.Json;

/**
 * A real HTTP server on a free loopback port that records requests and answers scripted statuses, or what a
 * responder computes from each request (a stand-in for a service with state).
 */
final class RecordingServer implements AutoCloseable {

    /** @param query the decoded query parameters */
    record Request(String method, String path, Map<String, String> query, Map<String, List<String>> headers,
            JsonNode body) {}

    /** A status and a JSON body ("" for none). */
    record Reply(int status, String body) {}

    final List<Request> requests = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Integer> statuses = new ConcurrentLinkedQueue<>();
    private final Function<Request, Reply> responder;
    private final HttpServer server;

    /** Answers the statuses in turn, then 200; the body is always "ok". */
    RecordingServer(Integer... scriptedStatuses) throws IOException {
        this((Function<Request, Reply>) null);
        statuses.addAll(List.of(scriptedStatuses));
    }

    /** Answers what the responder returns. */
    RecordingServer(Function<Request, Reply> responder) throws IOException {
        this.responder = responder;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    query(exchange.getRequestURI().getRawQuery()), Map.copyOf(exchange.getRequestHeaders()),
                    body.length == 0 ? null : Json.MAPPER.readTree(body));
            requests.add(request);
            Reply reply = this.responder != null ? this.responder.apply(request) : scripted();
            byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    private Reply scripted() {
        Integer status = statuses.poll();
        return new Reply(status == null ? 200 : status, "ok");
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    /** The requests whose path starts with the prefix. */
    List<Request> requestsTo(String pathPrefix) {
        return requests.stream().filter(r -> r.path().startsWith(pathPrefix)).toList();
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> params = new LinkedHashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                String[] kv = pair.split("=", 2);
                params.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                        kv.length == 2 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
        }
        return params;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
