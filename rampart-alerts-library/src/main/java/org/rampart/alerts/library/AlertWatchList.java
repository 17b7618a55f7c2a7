package org.rampart.alerts.library;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.rampart.alerts.AlertTask;
import org.rampart.event.Json;
import org.rampart.event.PythonText;
import org.rampart.query.QueryStringMatch;
import org.rampart.query.SearchQuery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MozDef's get_watchlist (alerts-catalog.md, "Exact behaviour"): reads the watchlist terms from this Rampart's state
 * when {@code api_url} is empty (the default), else from a MozDef-style REST API's {@code /getwatchlist} at
 * {@code api_url}, a JSON array of strings (with a JWT bearer unless {@code use_auth = false}), and alerts on
 * every event of the last 20 minutes matching a term, at most once per event (each alert tags its event at once,
 * and tagged events are skipped, by a later term too). Unlike MozDef, a term that does not
 * parse as a query gives no hits (MozDef walks the previous term's hits again) and the other terms still run.
 */
public class AlertWatchList extends AlertTask {
    private static final Logger LOG = LoggerFactory.getLogger(AlertWatchList.class);
    /** A watchlist is a short list of terms; a bigger answer is not one. */
    private static final int MAX_RESPONSE_BYTES = 1 << 20;
    private static final int MAX_TERMS = 1000;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NORMAL).build();

    private String term;

    @Override
    protected void main() {
        Map<String, String> config = parseConfig("get_watchlist.conf", "api_url", "jwt_secret", "use_auth");
        for (String each : fetchTerms(config)) {
            term = each;
            SearchQuery query = SearchQuery.minutes(20);
            query.addMust(new QueryStringMatch(term));
            filtersManual(query);
            try {
                searchEventsSimple();
            } catch (IllegalArgumentException e) {
                LOG.warn("get_watchlist: term {} is not a query ({}); it gives no hits", term, e.getMessage());
                continue;
            }
            walkEvents();
        }
    }

    @Override
    protected ObjectNode onEvent(ObjectNode event) {
        JsonNode source = event.path("_source");
        if (!source.has("details") || !source.has("hostname")) {
            return null;
        }
        // The first present key wins, even when its value is empty or null (a presence test, as MozDef's).
        String user = "";
        for (String field : List.of("username", "originaluser", "user")) {
            if (source.path("details").has(field)) {
                user = "by " + PythonText.str(source.path("details").get(field));
                break;
            }
        }
        JsonNode details = source.path("details");
        String ip = details.has("sourceipaddress") ? "from " + PythonText.str(details.get("sourceipaddress")) : "";
        String summary = "Watchlist term " + term + " detected " + user + " " + ip + " on "
                + PythonText.str(source.get("hostname"));
        return createAlertDict(summary, "watchlist", List.of("watchtarget"), List.of(event), "WARNING");
    }

    private List<String> fetchTerms(Map<String, String> config) {
        if (config.get("api_url").isBlank()) {
            return localWatchlist().orElseGet(() -> {
                LOG.warn("get_watchlist: api_url is empty and this run has no state database to read the watchlist"
                        + " from; set api_url in get_watchlist.conf to read a REST API's /getwatchlist");
                return List.of();
            });
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(config.get("api_url")))
                .timeout(Duration.ofSeconds(10)).GET();
        if (!config.get("use_auth").strip().equalsIgnoreCase("false")) {
            request.header("Authorization", "Bearer " + jwt(config.get("jwt_secret")));
        }
        try {
            HttpResponse<InputStream> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                byte[] bytes = body.readNBytes(MAX_RESPONSE_BYTES + 1);
                if (response.statusCode() >= 400 || bytes.length > MAX_RESPONSE_BYTES) {
                    LOG.warn("get_watchlist: the watchlist request to {} failed: status {} ({} bytes)",
                            config.get("api_url"), response.statusCode(), bytes.length);
                    return List.of();
                }
                return terms(Json.MAPPER.readTree(bytes), config.get("api_url"));
            }
        } catch (IOException e) {
            LOG.warn("get_watchlist: cannot read the watchlist from {}: {}", config.get("api_url"), e.toString());
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    /** The terms of MozDef's reply, an array of strings, in order; anything else is reported, not guessed at. */
    static List<String> terms(JsonNode reply, String url) {
        if (reply == null || !reply.isArray()) {
            LOG.warn("get_watchlist: {} did not answer a JSON array of terms; no watchlist terms this run", url);
            return List.of();
        }
        List<String> terms = new ArrayList<>();
        for (JsonNode item : reply) {
            if (!item.isTextual() || item.textValue().isBlank()) {
                LOG.warn("get_watchlist: {} sent a watchlist entry that is not a term: {}", url, item);
            } else if (terms.size() < MAX_TERMS) {
                terms.add(item.textValue());
            }
        }
        return terms;
    }

    /** An HS256 JSON Web Token as MozDef's requests_jwt sends it: the empty claims object, no expiry. */
    static String jwt(String secret) {
        if (secret.isEmpty()) {
            throw new IllegalStateException("get_watchlist.conf: jwt_secret is empty; set it or set use_auth = false");
        }
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String payload = b64.encodeToString("{}".getBytes(StandardCharsets.UTF_8));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            String signature = b64.encodeToString(mac.doFinal((header + "." + payload).getBytes(StandardCharsets.US_ASCII)));
            return header + "." + payload + "." + signature;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }
}
