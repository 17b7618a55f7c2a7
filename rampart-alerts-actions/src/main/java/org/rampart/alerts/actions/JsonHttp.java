package org.rampart.alerts.actions;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.rampart.event.Json;

/**
 * JSON over HTTP for the actions: POST or PUT a body (anything but a 2xx reply is a failure to retry), or GET a
 * document and let the caller read the status. Replies are read up to {@link #MAX_REPLY_BYTES}.
 */
final class JsonHttp {

    /** Actions read small JSON replies; past this a reply is cut (a JSON one then fails to parse). */
    static final int MAX_REPLY_BYTES = 1 << 20;

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    /** A reply's status and body. */
    record Reply(int status, String body) {
        boolean ok() {
            return status / 100 == 2;
        }
    }

    private JsonHttp() {}

    /** POSTs the body; returns the reply body, or throws IOException naming the status. */
    static String post(URI uri, JsonNode body, Map<String, String> headers, Duration timeout)
            throws IOException, InterruptedException {
        return requireOk("POST", uri, exchange("POST", uri, body, headers, timeout));
    }

    /** PUTs the body; returns the reply body, or throws IOException naming the status. */
    static String put(URI uri, JsonNode body, Map<String, String> headers, Duration timeout)
            throws IOException, InterruptedException {
        return requireOk("PUT", uri, exchange("PUT", uri, body, headers, timeout));
    }

    /** GETs the URI; returns the reply whatever its status (for some APIs a 404 is an answer). */
    static Reply get(URI uri, Map<String, String> headers, Duration timeout) throws IOException, InterruptedException {
        return exchange("GET", uri, null, headers, timeout);
    }

    /** The reply's body, or an IOException naming the request, the status and the start of the body. */
    static String requireOk(String method, URI uri, Reply reply) throws IOException {
        if (!reply.ok()) {
            String text = reply.body();
            throw new IOException(method + " " + uri + " answered " + reply.status() + ": "
                    + text.substring(0, Math.min(200, text.length())));
        }
        return reply.body();
    }

    private static Reply exchange(String method, URI uri, JsonNode body, Map<String, String> headers,
            Duration timeout) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Accept", "application/json")
                .header("User-Agent", "Rampart alert action")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(Json.MAPPER.writeValueAsBytes(body)));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        HttpResponse<InputStream> reply = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = reply.body()) {
            return new Reply(reply.statusCode(), new String(in.readNBytes(MAX_REPLY_BYTES), StandardCharsets.UTF_8));
        }
    }
}
