package org.rampart.alerts.actions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.rampart.event.Json;

/**
 * Mozilla's Person API (v2) as triage_bot uses it: an OAuth client-credentials token from {@code oauth_url}, kept for
 * {@code token_validity_window_minutes} (or less when the token server says it expires sooner), then
 * {@code GET <person_api_base>/v2/user/primary_email/<address>}, or {@code .../primary_username/<name>} for a
 * user name without "@".
 */
final class PersonApi {

    /** Where a Mozilla IAM profile keeps the Slack name among {@code usernames.values}. */
    static final String SLACK_USERNAME_KEY = "HACK#SLACK";

    /** The OAuth client-credentials request; {@link #toString} leaves the secret out, so it can be logged. */
    record Credentials(URI oauthUrl, String clientId, String clientSecret, String audience, String scope,
            String grantType) {
        @Override
        public String toString() {
            return "Credentials[oauthUrl=" + oauthUrl + ", clientId=" + clientId + ", audience=" + audience + "]";
        }
    }

    private final Credentials credentials;
    private final String base;
    private final Duration tokenValidity;
    private final Duration timeout;
    private final Clock clock;
    private final JsonHttp http;
    private String token;
    private Instant tokenExpiry = Instant.MIN;

    PersonApi(Credentials credentials, URI base, Duration tokenValidity, Duration timeout, Clock clock, JsonHttp http) {
        this.http = http;
        this.credentials = credentials;
        this.base = base.toString().replaceAll("/+$", "");
        this.tokenValidity = tokenValidity;
        this.timeout = timeout;
        this.clock = clock;
    }

    /** The profile of a user name or e-mail address; empty when the Person API has none. */
    Optional<AlertTriageRequest.User> find(String user) throws IOException, InterruptedException {
        String lookup = user.contains("@") ? "primary_email" : "primary_username";
        URI uri = URI.create(base + "/v2/user/" + lookup + "/" + pathSegment(user));
        JsonHttp.Reply reply = http.get(uri, Map.of("Authorization", "Bearer " + token()), timeout);
        if (reply.status() == 404) {
            return Optional.empty();
        }
        if (reply.status() == 401) {
            forgetToken(); // revoked or expired early: the retry fetches a new one
        }
        JsonNode profile = Json.MAPPER.readTree(JsonHttp.requireOk("GET", uri, reply));
        // The Person API answers an unknown user with an empty profile as well as with a 404.
        String email = profile.path("primary_email").path("value").asText("");
        if (email.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new AlertTriageRequest.User(email,
                profile.path("usernames").path("values").path(SLACK_USERNAME_KEY).asText("")));
    }

    private synchronized String token() throws IOException, InterruptedException {
        Instant now = clock.instant();
        if (token != null && now.isBefore(tokenExpiry)) {
            return token;
        }
        ObjectNode request = Json.object()
                .put("client_id", credentials.clientId())
                .put("client_secret", credentials.clientSecret())
                .put("audience", credentials.audience())
                .put("scope", credentials.scope())
                .put("grant_type", credentials.grantType());
        JsonNode reply = Json.MAPPER.readTree(http.post(credentials.oauthUrl(), request, Map.of(), timeout));
        String fresh = reply.path("access_token").asText("");
        if (fresh.isEmpty()) {
            throw new IOException("the OAuth reply from " + credentials.oauthUrl() + " has no access_token");
        }
        Duration validity = tokenValidity;
        if (reply.path("expires_in").canConvertToLong()) {
            Duration expiresIn = Duration.ofSeconds(reply.path("expires_in").asLong());
            validity = expiresIn.compareTo(validity) < 0 ? expiresIn : validity;
        }
        token = fresh;
        tokenExpiry = now.plus(validity);
        return token;
    }

    private synchronized void forgetToken() {
        token = null;
    }

    /** Percent-encoded for a path segment; "@" stays as it is, as MozDef sent it. */
    private static String pathSegment(String user) {
        return URLEncoder.encode(user, StandardCharsets.UTF_8).replace("+", "%20").replace("%40", "@");
    }
}
