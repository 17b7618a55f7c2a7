package org.rampart.store.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.rampart.event.Json;
import org.rampart.query.StoreUnavailableException;

/**
 * The REST calls the store makes, over {@code java.net.http} (so the same code talks to OpenSearch and to
 * Elasticsearch). Requests go to the nodes in turn; a node that cannot be reached is skipped for the next one.
 */
final class OpenSearchClient implements AutoCloseable {
    private final List<URI> nodes;
    private final String authorization;
    private final Duration timeout;
    private final HttpClient http;
    private final AtomicInteger next = new AtomicInteger();

    /** A reply: its HTTP status and its JSON body (an empty object when the body is empty). */
    record Reply(int status, JsonNode body) {
        boolean ok() {
            return status >= 200 && status < 300;
        }

        /**
         * True when the cluster cannot take anything now, whatever was sent: overloaded (429), failing or restarting
         * (5xx), blocked (a read-only or full-disk cluster block), or refusing our credentials (401, 403). A 400 or
         * 404 is about the request itself.
         */
        boolean unavailable() {
            return status == 401 || status == 403 || status == 429 || status >= 500 || blocked(body);
        }

        /** Whether an {@code error} object (of a reply or of one bulk item) is a cluster or index block. */
        static boolean blocked(JsonNode body) {
            return body.path("error").path("type").asText("").endsWith("block_exception");
        }

        /** The server's reason for a failed call, from Elasticsearch's {@code error} object. */
        String reason() {
            JsonNode error = body.path("error");
            JsonNode cause = error.path("root_cause").path(0);
            JsonNode best = cause.isMissingNode() ? error : cause;
            String reason = best.path("reason").asText(best.asText(""));
            return best.path("type").asText("HTTP " + status) + (reason.isEmpty() ? "" : ": " + reason);
        }
    }

    OpenSearchClient(List<URI> nodes, String username, String password, Duration timeout) {
        this.nodes = List.copyOf(nodes);
        this.authorization = username == null || username.isEmpty() ? null : "Basic " + Base64.getEncoder()
                .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    Reply get(String path) {
        return send("GET", path, null, "application/json");
    }

    Reply delete(String path) {
        return send("DELETE", path, null, "application/json");
    }

    Reply put(String path, JsonNode body) {
        return send("PUT", path, bytes(body), "application/json");
    }

    Reply post(String path, JsonNode body) {
        return send("POST", path, body == null ? null : bytes(body), "application/json");
    }

    /** {@code POST /_bulk} with a body already in NDJSON. */
    Reply bulk(String path, byte[] ndjson) {
        return send("POST", path, ndjson, "application/x-ndjson");
    }

    /**
     * A call that must succeed: any other status is a {@link StoreUnavailableException} when the cluster cannot work
     * now ({@link Reply#unavailable()}), else an IllegalStateException, with the server's reason.
     */
    JsonNode expect(Reply reply, String what) {
        if (reply.unavailable()) {
            throw new StoreUnavailableException("OpenSearch cannot " + what + " now: " + reply.reason());
        }
        if (!reply.ok()) {
            throw new IllegalStateException("OpenSearch refused to " + what + ": " + reply.reason());
        }
        return reply.body();
    }

    private Reply send(String method, String path, byte[] body, String contentType) {
        IOException failure = null;
        for (int attempt = 0; attempt < nodes.size(); attempt++) {
            URI node = nodes.get(Math.floorMod(next.getAndIncrement(), nodes.size()));
            HttpRequest.Builder request = HttpRequest.newBuilder(node.resolve(path)).timeout(timeout)
                    .header("Content-Type", contentType)
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body));
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            try {
                HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
                return new Reply(response.statusCode(), json(response.body()));
            } catch (IOException e) {
                // Connection refused or reset, or a timeout: the next node may answer.
                failure = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while calling OpenSearch", e);
            }
        }
        throw new StoreUnavailableException("no OpenSearch node answered " + method + " " + path + " (tried " + nodes
                + "): " + failure, failure);
    }

    /** The body as JSON; a body that is not JSON (a proxy's error page) as one text node. */
    private static JsonNode json(byte[] content) {
        if (content.length == 0) {
            return Json.object();
        }
        try {
            return Json.MAPPER.readTree(content);
        } catch (IOException notJson) {
            return Json.MAPPER.getNodeFactory().textNode(new String(content, StandardCharsets.UTF_8));
        }
    }

    private static byte[] bytes(JsonNode body) {
        try {
            return Json.MAPPER.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
