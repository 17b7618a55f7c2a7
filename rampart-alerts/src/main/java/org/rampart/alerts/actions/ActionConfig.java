package org.rampart.alerts.actions;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.rampart.event.extension.Registration;

/** Reading the keys of one action's configuration block, with errors that name the key. */
final class ActionConfig {

    private final String type;
    private final JsonNode node;

    ActionConfig(String type, JsonNode node) {
        this.type = type;
        this.node = node == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : node;
    }

    String required(String key) {
        String value = optional(key, null);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("alert action " + type + ": \"" + key + "\" is required");
        }
        return value;
    }

    String optional(String key, String fallback) {
        JsonNode value = node.get(key);
        return value == null || value.isNull() ? fallback : value.asText();
    }

    int integer(String key, int fallback) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.canConvertToInt() && !value.asText().matches("\\d{1,9}")) {
            throw new IllegalArgumentException("alert action " + type + ": \"" + key + "\" must be a whole number");
        }
        return value.canConvertToInt() ? value.asInt() : Integer.parseInt(value.asText());
    }

    boolean bool(String key, boolean fallback) {
        JsonNode value = node.get(key);
        return value == null || value.isNull() ? fallback : value.asBoolean();
    }

    URI uri(String key) {
        String value = required(key);
        try {
            URI uri = new URI(value);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                throw new URISyntaxException(value, "scheme must be http or https");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("alert action " + type + ": \"" + key + "\" is not an http(s) URL: "
                    + e.getMessage(), e);
        }
    }

    Duration timeout() {
        return Duration.ofMillis(integer("timeout_ms", 10_000));
    }

    /** A list given as a YAML/JSON list or as one string split on commas and spaces (MozDef's .conf style). */
    List<String> list(String key) {
        JsonNode value = node.get(key);
        List<String> items = new ArrayList<>();
        if (value == null || value.isNull()) {
            return items;
        }
        if (value.isArray()) {
            value.forEach(v -> items.add(v.asText()));
        } else {
            for (String s : value.asText().split("[,\\s]+")) {
                if (!s.isEmpty()) {
                    items.add(s);
                }
            }
        }
        return items;
    }

    /** The {@code registration} key, or the given default terms. */
    Registration registration(List<String> fallback) {
        List<String> terms = list("registration");
        return Registration.of(terms.isEmpty() ? fallback : terms);
    }
}
