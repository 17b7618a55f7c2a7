package org.rampart.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalLong;
import org.rampart.event.Json;

/**
 * Counts events through an HTTP query API: optionally POSTs to a refresh URL first (OpenSearch's
 * {@code _refresh}), then sends the count request and reads a number from the JSON reply.
 */
final class HttpEventCount implements EventCount, AutoCloseable {
    /** Where common APIs put the total: OpenSearch {@code _count}, {@code _search} (7+ and 6), and a plain total. */
    private static final List<String> KNOWN_POINTERS = List.of("/count", "/hits/total/value", "/hits/total", "/total",
            "/meta/total");

    private final URI countUrl;
    private final String method;
    private final byte[] body;
    private final String pointer;
    private final URI refreshUrl;
    private final HttpConnection connection;
    private final HttpConnection refreshConnection;

    /**
     * @param pointer JSON pointer to the number in the reply, or null to try the known places
     * @param refreshUrl URL to POST before each count, or null
     * @param bearerToken sent as {@code Authorization: Bearer} with the count request, or null
     */
    HttpEventCount(URI countUrl, String method, String body, String pointer, URI refreshUrl, String bearerToken) {
        this.countUrl = countUrl;
        this.method = method;
        this.body = body == null ? null : body.getBytes(StandardCharsets.UTF_8);
        this.pointer = pointer;
        this.refreshUrl = refreshUrl;
        this.connection = HttpConnection.to(countUrl);
        if (bearerToken != null) {
            connection.withHeader("Authorization", "Bearer " + bearerToken);
        }
        this.refreshConnection = refreshUrl == null ? null : HttpConnection.to(refreshUrl);
    }

    @Override
    public long count() throws IOException {
        if (refreshConnection != null) {
            expectSuccess(refreshConnection.send("POST", pathOf(refreshUrl), null, null), refreshUrl);
        }
        HttpConnection.Response response = expectSuccess(
                connection.send(method, pathOf(countUrl), "application/json", body), countUrl);
        return numberIn(Json.MAPPER.readTree(response.body()), pointer)
                .orElseThrow(() -> new IOException("no count at " + (pointer == null ? KNOWN_POINTERS : pointer)
                        + " in the reply of " + countUrl + ": " + abbreviate(response.text())));
    }

    /** The number at {@code pointer}, or at the first known place that holds one when {@code pointer} is null. */
    static OptionalLong numberIn(JsonNode reply, String pointer) {
        for (String candidate : pointer == null ? KNOWN_POINTERS : List.of(pointer)) {
            JsonNode node = reply.at(candidate);
            if (node.isNumber() || (node.isTextual() && node.asText().matches("\\d+"))) {
                return OptionalLong.of(node.asLong());
            }
        }
        return OptionalLong.empty();
    }

    private static HttpConnection.Response expectSuccess(HttpConnection.Response response, URI url) throws IOException {
        if (response.status() / 100 != 2) {
            throw new IOException(url + " answered " + response.status() + ": " + abbreviate(response.text()));
        }
        return response;
    }

    static String pathOf(URI url) {
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        return url.getRawQuery() == null ? path : path + "?" + url.getRawQuery();
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }

    @Override
    public void close() {
        connection.close();
        if (refreshConnection != null) {
            refreshConnection.close();
        }
    }
}
