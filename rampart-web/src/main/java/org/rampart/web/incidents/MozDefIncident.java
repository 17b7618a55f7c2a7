package org.rampart.web.incidents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.rampart.event.Json;
import org.rampart.event.Timestamps;

/**
 * MozDef's {@code POST /incident} body read into an incident: MozDef's checks in MozDef's order with its messages
 * (each an {@link IllegalArgumentException}). Its {@code tags} that are VERIS paths become the VERIS classification, the
 * others free tags; its dates become timeline entries ({@code dateOpened} defaults to now, in UTC); the creator's
 * e-mail and the references are kept in a note.
 */
public final class MozDefIncident {
    private static final Pattern CREATOR = Pattern.compile("^[A-Za-z0-9.+_-]+@[A-Za-z0-9._-]+\\.[a-zA-Z]*$");
    /** Python's {@code %Y-%m-%d %I:%M %p}: one or two digits, am/pm in any case. */
    private static final DateTimeFormatter DATE = new DateTimeFormatterBuilder().parseCaseInsensitive()
            .appendPattern("y-M-d h:m a").toFormatter(Locale.US);
    /** MozDef's date fields and the timeline text each becomes. */
    private static final Map<String, String> DATES = new LinkedHashMap<>();

    static {
        DATES.put("dateOpened", "Opened");
        DATES.put("dateReported", "Reported");
        DATES.put("dateVerified", "Verified");
        DATES.put("dateContained", "Contained");
        DATES.put("dateMitigated", "Mitigated");
        DATES.put("dateClosed", "Closed");
    }

    private MozDefIncident() {}

    /**
     * The incident {@code body} describes, created by {@code actor} at {@code now}.
     *
     * @param body the request body, or null when it was not JSON
     */
    public static IncidentChange parse(JsonNode body, VerisTaxonomy taxonomy, String actor, Instant now) {
        if (!(body instanceof ObjectNode in) || in.isEmpty()) {
            throw new IllegalArgumentException("Invalid JSON");
        }
        if (!in.hasNonNull("summary") || !in.hasNonNull("phase") || !in.hasNonNull("creator")) {
            throw new IllegalArgumentException("Missing required keys(summary, phase, creator)");
        }
        if (!in.get("phase").isTextual() || !IncidentChange.PHASES.contains(in.get("phase").asText())) {
            throw new IllegalArgumentException("Invalid incident phase");
        }
        if (!in.get("creator").isTextual() || !CREATOR.matcher(in.get("creator").asText()).matches()) {
            throw new IllegalArgumentException("Invalid creator email");
        }
        String added = Timestamps.isoformat(now);
        ArrayNode timeline = Json.MAPPER.createArrayNode();
        for (var date : DATES.entrySet()) {
            Instant at = date(in.get(date.getKey()));
            if (at == null && date.getKey().equals("dateOpened")) {
                at = now;
            }
            if (at != null) {
                timeline.addObject().put("time", Timestamps.isoformat(at)).put("text", date.getValue())
                        .put("author", actor).put("added", added);
            }
        }
        List<String> tags = list(in, "tags");
        List<String> references = list(in, "references");

        ObjectNode fields = Json.object();
        fields.set("summary", in.get("summary").isTextual() ? in.get("summary") : Json.MAPPER.valueToTree(
                in.get("summary").toString()));
        fields.set("phase", in.get("phase"));
        if (in.hasNonNull("description")) {
            fields.put("description", in.get("description").isTextual() ? in.get("description").asText()
                    : in.get("description").toString());
        }
        ArrayNode veris = fields.putArray("veris");
        ArrayNode free = fields.putArray("tags");
        tags.forEach(tag -> (taxonomy.contains(tag) ? veris : free).add(tag));
        // The same checks and limits as Rampart's own POST /incidents.
        IncidentChange checked = IncidentChange.parse(fields, taxonomy);
        checked.fields().set("timeline", timeline);
        String note = "Created through MozDef's /incident by " + in.get("creator").asText()
                + (references.isEmpty() ? "" : "; references: " + String.join(", ", references));
        return new IncidentChange(checked.fields(), cut(note), null);
    }

    /** A MozDef date string, or null when absent or null. */
    private static Instant date(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        try {
            if (!value.isTextual()) {
                throw new DateTimeParseException("not a string", value.toString(), 0);
            }
            return LocalDateTime.parse(value.asText().strip(), DATE).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("Wrong format of date. Please use yyyy-mm-dd hh:mm am/pm");
        }
    }

    /** A list of strings (other items as their JSON text); absent, null or empty is an empty list. */
    private static List<String> list(ObjectNode in, String key) {
        JsonNode value = in.get(key);
        List<String> out = new ArrayList<>();
        if (value == null || value.isNull()) {
            return out;
        }
        if (!value.isArray()) {
            throw new IllegalArgumentException(key + " field must be a list");
        }
        value.forEach(item -> out.add(item.isTextual() ? item.asText() : item.toString()));
        return out;
    }

    private static String cut(String text) {
        return text.length() <= IncidentChange.MAX_TEXT ? text : text.substring(0, IncidentChange.MAX_TEXT - 1) + "…";
    }
}
