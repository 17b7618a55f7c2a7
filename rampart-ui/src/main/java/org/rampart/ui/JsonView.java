package org.rampart.ui;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.rampart.event.Json;

/** A page over one JSON document as the API shows it (an alert with its events, an incident). */
public record JsonView(Viewer viewer, ObjectNode json) {
    /** {@code node} pretty-printed, for a raw JSON block. */
    public static String pretty(JsonNode node) {
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            return node.toString();
        }
    }

    /** The text of a list field, comma-separated, as the incident form edits it. */
    public static String commaList(JsonNode list) {
        StringBuilder out = new StringBuilder();
        list.forEach(v -> out.append(out.isEmpty() ? "" : ", ").append(v.asText()));
        return out.toString();
    }
}
