package org.rampart.pipeline.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/**
 * JSON equality as the fixtures define it: key order ignored, numbers compared by value, but a fixture
 * integer must be matched by an integer (Python keeps {@code 53} and {@code 53.0} apart in JSON output).
 */
final class JsonDiff {
    private static final int MAX_SHOWN = 120;

    private JsonDiff() {}

    /** Returns null when equal, else one line naming the first differing path. */
    static String difference(JsonNode expected, JsonNode actual) {
        return difference("", expected, actual);
    }

    private static String difference(String path, JsonNode expected, JsonNode actual) {
        if (actual == null || actual.isMissingNode()) {
            return at(path) + "missing, expected " + show(expected);
        }
        if (expected.isTextual() && expected.textValue().equals(MqFixtures.VOLATILE)) {
            return null;
        }
        if (expected.isNumber() && actual.isNumber()) {
            if (expected.isIntegralNumber() && !actual.isIntegralNumber()) {
                return at(path) + "expected integer " + show(expected) + " but was " + show(actual);
            }
            return expected.decimalValue().compareTo(actual.decimalValue()) == 0
                    ? null : at(path) + "expected " + show(expected) + " but was " + show(actual);
        }
        if (expected.getNodeType() != actual.getNodeType()) {
            return at(path) + "expected " + show(expected) + " but was " + show(actual);
        }
        if (expected.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String d = difference(path + "." + e.getKey(), e.getValue(), actual.get(e.getKey()));
                if (d != null) {
                    return d;
                }
            }
            for (Iterator<String> it = actual.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!expected.has(key)) {
                    return at(path + "." + key) + "unexpected, was " + show(actual.get(key));
                }
            }
            return null;
        }
        if (expected.isArray()) {
            if (expected.size() != actual.size()) {
                return at(path) + "expected " + expected.size() + " elements " + show(expected)
                        + " but was " + actual.size() + " " + show(actual);
            }
            for (int i = 0; i < expected.size(); i++) {
                String d = difference(path + "[" + i + "]", expected.get(i), actual.get(i));
                if (d != null) {
                    return d;
                }
            }
            return null;
        }
        return expected.equals(actual) ? null : at(path) + "expected " + show(expected) + " but was " + show(actual);
    }

    private static String at(String path) {
        return (path.isEmpty() ? "<root>" : path.startsWith(".") ? path.substring(1) : path) + ": ";
    }

    static String show(JsonNode node) {
        if (node == null) {
            return "null";
        }
        String s = node.toString();
        return s.length() <= MAX_SHOWN ? s : s.substring(0, MAX_SHOWN) + "...";
    }
}
