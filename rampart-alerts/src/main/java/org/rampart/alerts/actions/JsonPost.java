package org.rampart.alerts.actions;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.rampart.event.Json;

/** POSTs JSON and treats anything but a 2xx reply as a failure to retry. */
final class JsonPost {

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    private JsonPost() {}

    /** Sends the body; returns the reply body, or throws IOException naming the status. */
    static String send(URI uri, JsonNode body, Map<String, String> headers, Duration timeout)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "Rampart alert action")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.MAPPER.writeValueAsBytes(body)));
        headers.forEach(request::header);
        HttpResponse<String> reply = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (reply.statusCode() / 100 != 2) {
            String text = reply.body() == null ? "" : reply.body();
            throw new IOException("POST " + uri + " answered " + reply.statusCode() + ": "
                    + text.substring(0, Math.min(200, text.length())));
        }
        return reply.body();
    }
}
