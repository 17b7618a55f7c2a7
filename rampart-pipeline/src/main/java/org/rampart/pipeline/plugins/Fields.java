package org.rampart.pipeline.plugins;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.rampart.event.Json;

/** Small operations on event fields that several MozDef plugins repeat. */
final class Fields {

    private Fields() {}

    /** Renames a field when present (MozDef's {@code d[to] = d[from]; del d[from]}). */
    static void move(ObjectNode node, String from, String to) {
        JsonNode value = node.remove(from);
        if (value != null) {
            node.set(to, value);
        }
    }

    /** Sets a text default when the field is absent. */
    static void fallback(ObjectNode node, String field, String value) {
        if (!node.has(field)) {
            node.put(field, value);
        }
    }

    /** Sets a number default when the field is absent. */
    static void fallback(ObjectNode node, String field, int value) {
        if (!node.has(field)) {
            node.put(field, value);
        }
    }


    /** The object at the field, or null. */
    static ObjectNode object(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v instanceof ObjectNode o ? o : null;
    }

    /** Whether a field holds the term: Python's {@code term in value}, an element test on lists, a substring on text. */
    static boolean contains(JsonNode value, String term) {
        if (value == null) {
            return false;
        }
        if (value.isTextual()) {
            return value.textValue().contains(term);
        }
        if (value.isArray()) {
            for (JsonNode element : value) {
                if (element.isTextual() && element.textValue().equals(term)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A list with the items of a JSON list (or the one value) followed by the extra items. */
    static ArrayNode list(JsonNode head, String... tail) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        if (head != null && head.isArray()) {
            head.forEach(v -> out.add(v.deepCopy()));
        } else if (head != null && !head.isNull() && !head.isMissingNode()) {
            out.add(head.deepCopy());
        }
        for (String t : tail) {
            out.add(t);
        }
        return out;
    }

    /** The JSON object a text field holds, or null when it is not text or not a JSON object. */
    static ObjectNode parseObject(JsonNode text) {
        if (text == null || !text.isTextual()) {
            return null;
        }
        try {
            return Json.MAPPER.readTree(text.textValue()) instanceof ObjectNode o ? o : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** Whether the node is an object that has every one of the fields. */
    static boolean hasAll(JsonNode node, List<String> fields) {
        if (node == null || !node.isObject()) {
            return false;
        }
        for (String f : fields) {
            if (!node.has(f)) {
                return false;
            }
        }
        return true;
    }

}
