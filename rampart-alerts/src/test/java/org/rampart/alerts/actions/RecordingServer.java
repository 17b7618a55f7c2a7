package org.rampart.alerts.actions;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import org.rampart.event.Json;

/** A real HTTP server on a free loopback port that records requests and answers scripted statuses. */
final class RecordingServer implements AutoCloseable {

    record Request(String method, String path, Map<String, List<String>> headers, JsonNode body) {}

    final List<Request> requests = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Integer> statuses = new ConcurrentLinkedQueue<>();
    private final HttpServer server;

    RecordingServer(Integer... scriptedStatuses) throws IOException {
        statuses.addAll(List.of(scriptedStatuses));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    Map.copyOf(exchange.getRequestHeaders()), body.length == 0 ? null : Json.MAPPER.readTree(body)));
            Integer status = statuses.poll();
            byte[] reply = "ok".getBytes();
            exchange.sendResponseHeaders(status == null ? 200 : status, reply.length);
            exchange.getResponseBody().write(reply);
            exchange.close();
        });
        server.start();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
