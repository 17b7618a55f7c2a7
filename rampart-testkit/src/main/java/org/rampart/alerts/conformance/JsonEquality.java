package org.rampart.alerts.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/** Deep JSON equality as Python's {@code ==} on parsed JSON: ordered lists, exact strings, 1 == 1.0. */
final class JsonEquality {
    private JsonEquality() {}

    static boolean equal(JsonNode expected, JsonNode actual) {
        if (expected == null || expected.isNull() || expected.isMissingNode()) {
            return actual == null || actual.isNull() || actual.isMissingNode();
        }
        if (actual == null) {
            return false;
        }
        if (expected.isNumber() && actual.isNumber()) {
            return expected.decimalValue().compareTo(actual.decimalValue()) == 0;
        }
        if (expected.isObject() && actual.isObject()) {
            if (expected.size() != actual.size()) {
                return false;
            }
            for (Map.Entry<String, JsonNode> field : expected.properties()) {
                if (!actual.has(field.getKey()) || !equal(field.getValue(), actual.get(field.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        if (expected.isArray() && actual.isArray()) {
            if (expected.size() != actual.size()) {
                return false;
            }
            Iterator<JsonNode> a = actual.iterator();
            for (JsonNode e : expected) {
                if (!equal(e, a.next())) {
                    return false;
                }
            }
            return true;
        }
        return expected.equals(actual);
    }
}
