package org.rampart.alerts.actions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.rampart.event.Json;

/**
 * The triage bot's duplicate chains, kept by the REST API ({@code /alerttriagechain}): one chain per alert label and
 * user, listing the alerts the bot's one question covers, so a user is asked once however often the alert fires.
 */
final class DuplicateChains {

    private final String endpoint;
    private final Map<String, String> auth;
    private final Duration timeout;
    private final JsonHttp http;

    DuplicateChains(URI restApi, String token, Duration timeout, JsonHttp http) {
        this.http = http;
        this.endpoint = restApi.toString().replaceAll("/+$", "") + "/alerttriagechain";
        this.auth = Map.of("Authorization", "Bearer " + token);
        this.timeout = timeout;
    }

    /**
     * Adds the request's alert to the chain of its label and user, creating the chain when there is none. Returns
     * whether the bot must be asked: true when this alert started the chain, false for a duplicate.
     */
    boolean recordInChain(AlertTriageRequest request) throws IOException, InterruptedException {
        String alert = request.alert().label();
        String user = request.user().email();
        URI find = URI.create(endpoint + "?alert=" + query(alert) + "&user=" + query(user));
        JsonNode chain = Json.MAPPER.readTree(JsonHttp.requireOk("GET", find, http.get(find, auth, timeout)));
        ObjectNode body = Json.object().put("alert", alert).put("user", user);
        body.putArray("identifiers").add(request.identifier());
        // The REST API answers a missing chain with 200 and an error message (MozDef's reply).
        if (chain.hasNonNull("error")) {
            http.post(URI.create(endpoint), body, auth, timeout);
            return true;
        }
        JsonNode identifiers = chain.path("identifiers");
        if (identifiers.size() > 0 && identifiers.get(0).asText().equals(request.identifier())) {
            return true; // this alert started the chain in an earlier attempt that failed before the bot was asked
        }
        for (JsonNode identifier : identifiers) {
            if (identifier.asText().equals(request.identifier())) {
                return false; // appended in an earlier attempt
            }
        }
        http.put(URI.create(endpoint), body, auth, timeout);
        return false;
    }

    private static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
