package org.rampart.pipeline.plugins;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.rampart.event.Json;
import org.rampart.pipeline.EventMetadata;
import org.rampart.pipeline.EventPlugin;
import org.rampart.pipeline.PluginContext;

/**
 * MozDef's triage_bot: a Slack triage bot's answer ({@code category: triagebot}) about an alert is sent to the REST
 * API's {@code /alertstatus} (yes: acknowledged, no: escalated, wrongUser: manual), then stored in a flat shape. An
 * answer without identifier, user email or Slack name, or one the API does not accept, is dropped. Configuration:
 * {@code triage_bot.json} with {@code rest_api_url} and {@code rest_api_token}.
 */
public final class TriageBot implements EventPlugin {
    static final String CONFIG = "triage_bot.json";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Map<String, String> STATUS = Map.of(
            "yes", "acknowledged", "no", "escalated", "wrongUser", "manual");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private String restApiUrl;
    private String restApiToken;

    public TriageBot() {
        read(null);
    }

    @Override
    public List<String> registration() {
        return List.of("triagebot");
    }

    @Override
    public int priority() {
        return 5;
    }

    @Override
    public String name() {
        return "triage_bot";
    }

    @Override
    public void configure(PluginContext context) {
        read(context);
    }

    private void read(PluginContext context) {
        JsonNode config;
        try {
            config = Json.MAPPER.readTree(PluginConfig.text(context, CONFIG));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(CONFIG + " is not JSON: " + e.getOriginalMessage(), e);
        }
        restApiUrl = config.path("rest_api_url").asText("");
        restApiToken = config.path("rest_api_token").asText("");
    }

    @Override
    public ObjectNode onMessage(ObjectNode event, EventMetadata metadata) {
        return "triagebot".equals(Events.text(event, "category")) ? process(event, metadata) : event;
    }

    /**
     * MozDef's {@code process}: updates the alert's status through the REST API and reshapes the answer; null when
     * the answer is incomplete or the update failed (MozDef then returns no metadata either).
     */
    public ObjectNode process(ObjectNode event, EventMetadata metadata) {
        ObjectNode details = Fields.object(event, "details");
        ObjectNode user = Fields.object(details, "user");
        if (details == null || user == null || !details.has("identifier") || !details.has("response")
                || !user.has("email") || !user.has("slack")) {
            return null;
        }
        String response = PyText.str(details.get("response"));
        ObjectNode body = Json.object();
        body.set("alert", details.get("identifier"));
        body.put("status", STATUS.getOrDefault(response, "manual"));
        body.set("user", user);
        body.set("identityConfidence", details.get("identityConfidence"));
        body.set("response", details.get("response"));
        if (!updateAlertStatus(body)) {
            return null;
        }
        details.remove("user");
        details.set("email", user.get("email"));
        details.set("slack", user.get("slack"));
        Fields.move(details, "response", "userresponse");
        event.put("category", "triagebot");
        event.put("summary", "TriageBot Response: " + response + " from: " + PyText.str(user.get("email")));
        return event;
    }

    private boolean updateAlertStatus(ObjectNode body) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(restApiUrl + "/alertstatus"))
                    .timeout(TIMEOUT)
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + restApiToken)
                    .POST(HttpRequest.BodyPublishers.ofString(Json.MAPPER.writeValueAsString(body)))
                    .build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() < 300;
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return false;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
