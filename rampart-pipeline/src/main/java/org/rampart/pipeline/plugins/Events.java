package org.rampart.pipeline.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.regex.Matcher;

/** Reading and writing the parts of a MozDef event that the bundled plugins share. */
final class Events {
    private Events() {}

    /** The event's {@code details} object, or null when it has none or it is not an object. */
    static ObjectNode details(ObjectNode event) {
        return event.get("details") instanceof ObjectNode d ? d : null;
    }

    /** The event's {@code details} object, created when absent; null when {@code details} is not an object. */
    static ObjectNode detailsOrCreate(ObjectNode event) {
        JsonNode d = event.get("details");
        if (d == null) {
            return event.putObject("details");
        }
        return d instanceof ObjectNode o ? o : null;
    }

    /** The string at {@code field}, or null when absent or not a string. */
    static String text(JsonNode parent, String field) {
        JsonNode v = parent == null ? null : parent.get(field);
        return v != null && v.isTextual() ? v.textValue() : null;
    }

    /** Python truthiness of a JSON value: false, null, 0, "" and empty containers are false. */
    static boolean truthy(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return false;
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isNumber()) {
            return v.decimalValue().signum() != 0;
        }
        if (v.isTextual()) {
            return !v.textValue().isEmpty();
        }
        return v.size() > 0;
    }

    /** Copies the named groups of a match into {@code target}; a group that did not take part becomes null. */
    static void putGroups(Matcher m, ObjectNode target, String... groups) {
        for (String g : groups) {
            target.put(g, m.group(g));
        }
    }

    /**
     * Appends {@code tag} to the event's {@code tags} as observium and snmptt do: a list gets it appended (even when
     * already there); anything else, a string tag included, is replaced by a list of just that tag.
     */
    static void appendTag(ObjectNode event, String tag) {
        if (event.get("tags") instanceof com.fasterxml.jackson.databind.node.ArrayNode tags) {
            tags.add(tag);
        } else {
            event.putArray("tags").add(tag);
        }
    }

    /** The first {@code max} code points of {@code s} (Python slicing counts code points, not UTF-16 units). */
    static String truncate(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        int cps = s.codePointCount(0, s.length());
        return cps <= max ? s : s.substring(0, s.offsetByCodePoints(0, max));
    }
}
