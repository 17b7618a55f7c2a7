package org.rampart.alerts.actions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.rampart.event.extension.Registration;
import org.rampart.event.ip.OutboundTargets;
import org.rampart.event.Json;

/**
 * Posts an alert to a Slack incoming webhook the way MozDef's bot announces alerts: one line
 * {@code SEVERITY: [category] summary} (plus the alert's url), to the alert's {@code channel} or the
 * configured default, and nothing at all when the alert says {@code notify_mozdefbot: false}.
 * Config: {@code url}, optional {@code channel}, {@code username}, {@code registration}.
 */
final class SlackAction implements AlertAction {

    private final URI url;
    private final String defaultChannel;
    private final String username;
    private final Registration registration;
    private final Duration timeout;
    private final JsonHttp http;

    SlackAction(URI url, String defaultChannel, String username, Registration registration, Duration timeout,
                JsonHttp http) {
        this.url = url;
        this.defaultChannel = defaultChannel;
        this.username = username;
        this.registration = registration;
        this.timeout = timeout;
        this.http = http;
    }

    @Override
    public String name() {
        return "slack:" + url.getHost();
    }

    @Override
    public Registration registration() {
        return registration;
    }

    @Override
    public void deliver(ObjectNode message) throws Exception {
        ObjectNode payload = payload(message.path("_source"), defaultChannel, username);
        if (payload != null) {
            http.post(url, payload, Map.of(), timeout);
        }
    }

    /** The Slack message for an alert, or null when the alert asks not to notify the bot. */
    static ObjectNode payload(JsonNode alert, String defaultChannel, String username) {
        if (alert.path("notify_mozdefbot").isBoolean() && !alert.path("notify_mozdefbot").asBoolean()) {
            return null;
        }
        StringBuilder text = new StringBuilder();
        text.append(escape(alert.path("severity").asText("INFO"))).append(": ");
        if (alert.hasNonNull("category")) {
            text.append('[').append(escape(alert.get("category").asText())).append("] ");
        }
        text.append(escape(alert.path("summary").asText("")));
        String url = alert.path("url").asText("");
        if (url.startsWith("http://") || url.startsWith("https://")) {
            text.append(" <").append(escape(url)).append(">");
        }
        ObjectNode payload = Json.object();
        payload.put("text", text.toString());
        String channel = alert.hasNonNull("channel") && !alert.get("channel").asText().isBlank()
                ? alert.get("channel").asText() : defaultChannel;
        if (channel != null) {
            payload.put("channel", channel);
        }
        if (username != null) {
            payload.put("username", username);
        }
        return payload;
    }

    /** Slack's mrkdwn control characters; alert text comes from events, so an attacker could inject links. */
    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** {@code type: slack}. */
    public static final class Provider implements AlertActionProvider {
        @Override
        public String name() {
            return "slack";
        }

        @Override
        public AlertAction create(JsonNode config) {
            return create(config, OutboundTargets.publicOnly());
        }

        @Override
        public AlertAction create(JsonNode config, OutboundTargets outbound) {
            ActionConfig c = new ActionConfig(name(), config);
            return new SlackAction(c.uri("url"), c.optional("channel", null), c.optional("username", "MozDef"),
                    c.registration(List.of("*")), c.timeout(), new JsonHttp(outbound, true));
        }
    }
}
