package org.rampart.web.incidents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.rampart.event.Json;
import org.rampart.event.Timestamps;

/**
 * A change to an incident as a client sends it, checked: the fields it sets (absent ones stay as they are), and a note
 * or timeline entry it adds. Lists replace the incident's list. Every way the JSON can be wrong is an
 * {@link IllegalArgumentException} with the reason (a 400).
 */
public record IncidentChange(ObjectNode fields, String note, ObjectNode timelineEntry) {
    /** MozDef's incident phases, in order. */
    public static final List<String> PHASES = List.of("Identification", "Containment", "Eradication", "Recovery",
            "Lessons Learned", "Closed");
    static final int MAX_SUMMARY = 512;
    static final int MAX_TEXT = 8192;
    static final int MAX_NAME = 256;
    static final int MAX_URL = 2048;
    static final int MAX_LIST = 100;
    /** The fields a change may set; the JSON keys of an incident too. */
    static final Set<String> FIELDS = Set.of("summary", "description", "phase", "owners", "tags", "veris", "alerts",
            "attachments");

    /**
     * Reads a request body: the {@link #FIELDS}, {@code note} (text) and {@code timeline} ({@code {"time", "text"}}),
     * plus {@code version} which the caller reads itself. Unknown keys are refused so a misspelt field is not lost.
     */
    public static IncidentChange parse(ObjectNode body, VerisTaxonomy taxonomy) {
        ObjectNode fields = Json.object();
        String note = null;
        ObjectNode timeline = null;
        for (var e : body.properties()) {
            String key = e.getKey();
            JsonNode value = e.getValue();
            switch (key) {
                case "version" -> { }
                case "summary" -> fields.put(key, requiredText(key, value, MAX_SUMMARY));
                case "description" -> fields.put(key, text(key, value, MAX_TEXT));
                case "phase" -> fields.put(key, phase(value));
                case "owners", "tags", "alerts" -> fields.set(key, strings(key, value, MAX_NAME));
                case "veris" -> fields.set(key, veris(value, taxonomy));
                case "attachments" -> fields.set(key, attachments(value));
                case "note" -> note = requiredText(key, value, MAX_TEXT);
                case "timeline" -> timeline = timelineEntry(value);
                default -> throw new IllegalArgumentException("unknown incident field '" + cut(key) + "'; known: "
                        + String.join(", ", new TreeSet<>(FIELDS)) + ", note, timeline, version");
            }
        }
        return new IncidentChange(fields, note, timeline);
    }

    /** True when it changes nothing. */
    public boolean isEmpty() {
        return fields.isEmpty() && note == null && timelineEntry == null;
    }

    private static String phase(JsonNode value) {
        String phase = requiredText("phase", value, 32);
        if (!PHASES.contains(phase)) {
            throw new IllegalArgumentException("'phase' must be one of " + String.join(", ", PHASES) + "; it was "
                    + cut(phase));
        }
        return phase;
    }

    private static ArrayNode veris(JsonNode value, VerisTaxonomy taxonomy) {
        ArrayNode paths = strings("veris", value, MAX_NAME);
        for (JsonNode path : paths) {
            if (!taxonomy.contains(path.asText())) {
                throw new IllegalArgumentException("'" + cut(path.asText()) + "' is not in the VERIS taxonomy"
                        + " (GET /veris/taxonomy): a path such as action.hacking.variety.Brute force");
            }
        }
        return paths;
    }

    private static ArrayNode attachments(JsonNode value) {
        ArrayNode out = list("attachments", value);
        for (JsonNode item : value) {
            if (!(item instanceof ObjectNode a)) {
                throw new IllegalArgumentException("'attachments' must be a list of {\"name\", \"url\"}");
            }
            String url = requiredText("url", a.get("url"), MAX_URL);
            if (!url.startsWith("https://") && !url.startsWith("http://")) {
                throw new IllegalArgumentException("an attachment's url must be http:// or https://; it was " + cut(url));
            }
            out.addObject().put("name", requiredText("name", a.get("name"), MAX_NAME)).put("url", url);
        }
        return out;
    }

    private static ObjectNode timelineEntry(JsonNode value) {
        if (!(value instanceof ObjectNode entry)) {
            throw new IllegalArgumentException("'timeline' must be {\"time\": ISO-8601, \"text\"}");
        }
        String time = requiredText("time", entry.get("time"), 64);
        try {
            time = Timestamps.isoformat(Instant.parse(time));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("a timeline entry's time must be an ISO-8601 instant; it was " + cut(time));
        }
        return Json.object().put("time", time).put("text", requiredText("text", entry.get("text"), MAX_TEXT));
    }

    /** A list of distinct non-empty strings, in the order given. */
    private static ArrayNode strings(String key, JsonNode value, int maxLength) {
        ArrayNode out = list(key, value);
        Set<String> seen = new LinkedHashSet<>();
        for (JsonNode item : value) {
            seen.add(requiredText(key, item, maxLength));
        }
        seen.forEach(out::add);
        return out;
    }

    private static ArrayNode list(String key, JsonNode value) {
        if (value == null || !value.isArray() || value.size() > MAX_LIST) {
            throw new IllegalArgumentException("'" + key + "' must be a list of at most " + MAX_LIST + " items");
        }
        return Json.MAPPER.createArrayNode();
    }

    private static String text(String key, JsonNode value, int maxLength) {
        if (value == null || !value.isTextual() || value.asText().length() > maxLength) {
            throw new IllegalArgumentException("'" + key + "' must be a string of at most " + maxLength + " characters");
        }
        return value.asText();
    }

    private static String requiredText(String key, JsonNode value, int maxLength) {
        String text = text(key, value, maxLength);
        if (text.isBlank()) {
            throw new IllegalArgumentException("'" + key + "' must not be empty");
        }
        return text;
    }

    private static String cut(String value) {
        return value.length() <= 64 ? value : value.substring(0, 63) + "…";
    }
}
