package org.rampart.alerts.actions;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.rampart.event.Json;
import org.rampart.event.ip.OutboundTargets;
import org.rampart.http.outbound.OutboundHttp;

/**
 * JSON over HTTP for the actions: POST or PUT a body (anything but a 2xx reply is a failure to retry), or GET a
 * document and let the caller read the status. Replies are read up to {@link #MAX_REPLY_BYTES}. Connections go only
 * where {@code outbound.allowed_networks} permits ({@link OutboundHttp}); redirects are not followed.
 */
final class JsonHttp {

    /** Actions read small JSON replies; past this a reply is cut (a JSON one then fails to parse). */
    static final int MAX_REPLY_BYTES = 1 << 20;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** One client (and thread pool) per allow-list, shared by every action configured with it. */
    private static final Map<OutboundTargets, OutboundHttp> CLIENTS = new ConcurrentHashMap<>();

    private final OutboundHttp client;
    private final boolean secretUrl;

    /** A reply's status and body. */
    record Reply(int status, String body) {
        boolean ok() {
            return status / 100 == 2;
        }
    }

    /** For services whose URLs hold no secret: failures name the URL without its query. */
    JsonHttp(OutboundTargets targets) {
        this(targets, false);
    }

    /**
     * @param secretUrl whether a URL is itself a credential (the path of a Slack or other incoming webhook): failures
     *                  then name its scheme, host and port only, as they end up in the log and the dead letters
     */
    JsonHttp(OutboundTargets targets, boolean secretUrl) {
        this.client = CLIENTS.computeIfAbsent(targets, t -> new OutboundHttp(t, CONNECT_TIMEOUT, false));
        this.secretUrl = secretUrl;
    }

    /** POSTs the body; returns the reply body, or throws IOException naming the status. */
    String post(URI uri, JsonNode body, Map<String, String> headers, Duration timeout)
            throws IOException, InterruptedException {
        return requireOk("POST", describe(uri), exchange("POST", uri, body, headers, timeout));
    }

    /** PUTs the body; returns the reply body, or throws IOException naming the status. */
    String put(URI uri, JsonNode body, Map<String, String> headers, Duration timeout)
            throws IOException, InterruptedException {
        return requireOk("PUT", describe(uri), exchange("PUT", uri, body, headers, timeout));
    }

    /** GETs the URI; returns the reply whatever its status (for some APIs a 404 is an answer). */
    Reply get(URI uri, Map<String, String> headers, Duration timeout) throws IOException, InterruptedException {
        return exchange("GET", uri, null, headers, timeout);
    }

    /**
     * The reply's body, or an IOException naming the request (the URL without user info or query), the status and the
     * start of the body.
     */
    static String requireOk(String method, URI uri, Reply reply) throws IOException {
        return requireOk(method, withPath(uri), reply);
    }

    private String describe(URI uri) {
        return secretUrl ? OutboundHttp.target(uri) : withPath(uri);
    }

    private static String withPath(URI uri) {
        return OutboundHttp.target(uri) + uri.getRawPath();
    }

    private static String requireOk(String method, String target, Reply reply) throws IOException {
        if (!reply.ok()) {
            String text = reply.body();
            throw new IOException(method + " " + target + " answered " + reply.status() + ": "
                    + text.substring(0, Math.min(200, text.length())));
        }
        return reply.body();
    }

    private Reply exchange(String method, URI uri, JsonNode body, Map<String, String> headers, Duration timeout)
            throws IOException, InterruptedException {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("Accept", "application/json");
        all.put("User-Agent", "Rampart alert action");
        if (body != null) {
            all.put("Content-Type", "application/json");
        }
        all.putAll(headers);
        OutboundHttp.Reply reply = client.exchange(method, uri, body == null ? null : Json.MAPPER.writeValueAsBytes(body),
                all, timeout, MAX_REPLY_BYTES);
        return new Reply(reply.status(), new String(reply.body(), StandardCharsets.UTF_8));
    }
}
