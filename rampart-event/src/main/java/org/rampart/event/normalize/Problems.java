package org.rampart.event.normalize;

import org.rampart.event.PythonText;
import static org.rampart.event.EventFields.DETAILS;
import static org.rampart.event.EventFields.TAGS;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Records in the event what normalization could not do, where MozDef would have dropped the event: a tag saying
 * what kind of problem it was, and a sentence in {@code details.normalization_errors}.
 */
final class Problems {
    static final String ERRORS_FIELD = "normalization_errors";
    /** Most characters of an offending value quoted in a message (events are attacker-controlled). */
    private static final int MAX_QUOTED = 200;

    private Problems() {}

    static void record(ObjectNode event, String tag, String field, JsonNode value, String problem) {
        JsonNode tags = event.get(TAGS);
        ArrayNode tagList = tags instanceof ArrayNode list ? list : event.putArray(TAGS);
        boolean tagged = false;
        for (JsonNode existing : tagList) {
            tagged |= tag.equals(existing.asText());
        }
        if (!tagged) {
            tagList.add(tag);
        }
        JsonNode details = event.get(DETAILS);
        ObjectNode detailsObject = details instanceof ObjectNode object ? object : event.putObject(DETAILS);
        JsonNode errors = detailsObject.get(ERRORS_FIELD);
        ArrayNode errorList = errors instanceof ArrayNode list ? list : detailsObject.putArray(ERRORS_FIELD);
        errorList.add(field + ": " + quoted(value) + " " + problem);
    }

    private static String quoted(JsonNode value) {
        String text = PythonText.str(value);
        if (text.length() > MAX_QUOTED) {
            text = text.substring(0, MAX_QUOTED) + "...";
        }
        return "'" + text + "'";
    }
}
