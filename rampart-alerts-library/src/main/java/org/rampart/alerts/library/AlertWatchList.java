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
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.rampart.alerts.AlertTask;
import org.rampart.event.Json;
import org.rampart.query.QueryStringMatch;
import org.rampart.query.SearchQuery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MozDef's get_watchlist: fetches the watchlist terms from the REST API ({@code [{watchcontent}]}, with a JWT
 * bearer unless {@code use_auth = false}) and alerts on every event of the last 20 minutes matching a term.
 */
public class AlertWatchList extends AlertTask {
    private static final Logger LOG = LoggerFactory.getLogger(AlertWatchList.class);
    /** A watchlist is a short list of terms; a bigger answer is not one. */
    private static final int MAX_RESPONSE_BYTES = 1 << 20;
    private static final int MAX_TERMS = 1000;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private String term;

    @Override
    protected void main() {
        Map<String, String> config = parseConfig("get_watchlist.conf", "api_url", "jwt_secret", "use_auth");
        List<String> terms = fetchTerms(config);
        for (String each : terms) {
            term = each;
            SearchQuery query = SearchQuery.minutes(20);
            query.addMust(new QueryStringMatch(term));
            filtersManual(query);
            searchEventsSimple();
            walkEvents();
        }
    }

    @Override
    protected ObjectNode onEvent(ObjectNode event) {
        JsonNode source = event.path("_source");
        if (!source.has("details") || !source.has("hostname")) {
            return null;
        }
        String user = "";
        for (String field : List.of("details.username", "details.originaluser", "details.user")) {
            String value = text(source, field, "");
            if (!value.isEmpty()) {
                user = "by " + value;
                break;
            }
        }
        String ip = text(source, "details.sourceipaddress", "");
        String summary = "Watchlist term " + term + " detected " + user + " " + (ip.isEmpty() ? "" : "from " + ip)
                + " on " + text(source, "hostname", "");
        return createAlertDict(summary, "watchlist", List.of("watchtarget"), List.of(event), "WARNING");
    }

    private List<String> fetchTerms(Map<String, String> config) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(config.get("api_url")))
                .timeout(Duration.ofSeconds(10)).GET();
        if (!config.get("use_auth").strip().equalsIgnoreCase("false")) {
            request.header("Authorization", "Bearer " + jwt(config.get("jwt_secret"), now()));
        }
        try {
            HttpResponse<InputStream> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                byte[] bytes = body.readNBytes(MAX_RESPONSE_BYTES + 1);
                if (response.statusCode() != 200 || bytes.length > MAX_RESPONSE_BYTES) {
                    LOG.warn("get_watchlist: {} answered {} ({} bytes); no watchlist terms this run",
                            config.get("api_url"), response.statusCode(), bytes.length);
                    return List.of();
                }
                JsonNode list = Json.MAPPER.readTree(bytes);
                return java.util.stream.StreamSupport.stream(list.spliterator(), false)
                        .map(item -> item.path("watchcontent"))
                        .filter(JsonNode::isTextual).map(JsonNode::asText).filter(t -> !t.isBlank())
                        .limit(MAX_TERMS).toList();
            }
        } catch (IOException e) {
            LOG.warn("get_watchlist: cannot read the watchlist from {}: {}", config.get("api_url"), e.toString());
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    /** An HS256 JSON Web Token, as MozDef's requests_jwt sends (header and an issued-at claim). */
    static String jwt(String secret, java.time.Instant issuedAt) {
        if (secret.isEmpty()) {
            throw new IllegalStateException("get_watchlist.conf: jwt_secret is empty; set it or set use_auth = false");
        }
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String payload = b64.encodeToString(("{\"iat\":" + issuedAt.getEpochSecond() + "}").getBytes(StandardCharsets.UTF_8));
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
