package org.rampart.web.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.IOException;
import org.rampart.event.Json;

/** Reading JSON request bodies: every way they can be wrong is a 400 with the reason. */
final class RequestBodies {
    private RequestBodies() {}

    /** The body as JSON, any kind of value. */
    static JsonNode json(Context ctx) {
        try {
            JsonNode node = Json.MAPPER.readTree(ctx.bodyAsBytes());
            if (node == null) {
                throw new IllegalArgumentException("the request body must be JSON; it was empty");
            }
            return node;
        } catch (IOException e) {
            throw new IllegalArgumentException("the request body is not JSON: " + e.getMessage());
        }
    }

    /** The body as a JSON object. */
    static ObjectNode object(Context ctx) {
        if (json(ctx) instanceof ObjectNode object) {
            return object;
        }
        throw new IllegalArgumentException("the request body must be a JSON object");
    }

    /** The string {@code key} of {@code body}, at most {@code maxLength} characters; null when absent and optional. */
    static String text(ObjectNode body, String key, int maxLength, boolean required) {
        JsonNode value = body.get(key);
        if (value == null || value.isNull()) {
            if (required) {
                throw new IllegalArgumentException("'" + key + "' is required");
            }
            return null;
        }
        if (!value.isTextual() || value.asText().length() > maxLength) {
            throw new IllegalArgumentException("'" + key + "' must be a string of at most " + maxLength + " characters");
        }
        return value.asText();
    }
}
