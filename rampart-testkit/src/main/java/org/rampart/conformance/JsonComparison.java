package org.rampart.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * JSON equality as every conformance fixture means it, with one rule for numbers: values compare by value, but an
 * integer in the fixture needs an integer ({@code 53} is not matched by {@code 53.0}: Python writes them apart, and
 * a store maps them to different field types). Key order is ignored; arrays are ordered unless a key is declared
 * to hold a Python set. Immutable: the {@code with...} methods return a new comparison.
 */
public final class JsonComparison {
    /** The comparison fixtures use unless they say otherwise. */
    public static final JsonComparison FIXTURES = new JsonComparison(null, Set.of(), false);

    private static final int MAX_SHOWN = 300;

    private final String wildcard;
    private final Set<String> setValuedKeys;
    private final boolean summaryFragmentsUnordered;

    private JsonComparison(String wildcard, Set<String> setValuedKeys, boolean summaryFragmentsUnordered) {
        this.wildcard = wildcard;
        this.setValuedKeys = setValuedKeys;
        this.summaryFragmentsUnordered = summaryFragmentsUnordered;
    }

    /** A comparison where the fixture string {@code placeholder} matches any value (a value the recorder could not template). */
    public JsonComparison withWildcard(String placeholder) {
        return new JsonComparison(placeholder, setValuedKeys, summaryFragmentsUnordered);
    }

    /** A comparison where arrays under these keys are compared in any order (MozDef built them from Python sets). */
    public JsonComparison withSetValuedKeys(Set<String> keys) {
        return new JsonComparison(wildcard, Set.copyOf(keys), summaryFragmentsUnordered);
    }

    /** A comparison where the {@code "; "}-appended fragments of a {@code summary} may come in any order. */
    public JsonComparison withUnorderedSummaryFragments() {
        return new JsonComparison(wildcard, setValuedKeys, true);
    }

    /** Whether the two are equal under this comparison. */
    public boolean equal(JsonNode expected, JsonNode actual) {
        return difference(expected, actual) == null;
    }

    /** Null when equal, else one line naming the first differing path. */
    public String difference(JsonNode expected, JsonNode actual) {
        return difference("", expected, actual);
    }

    private String difference(String path, JsonNode expected, JsonNode actual) {
        if (actual == null || actual.isMissingNode()) {
            return at(path) + "missing, expected " + show(expected);
        }
        if (wildcard != null && expected.isTextual() && expected.textValue().equals(wildcard)) {
            return null;
        }
        if (expected.isNumber() && actual.isNumber()) {
            if (expected.isIntegralNumber() && !actual.isIntegralNumber()) {
                return at(path) + "expected integer " + show(expected) + " but was the float " + show(actual);
            }
            return expected.decimalValue().compareTo(actual.decimalValue()) == 0 ? null : differs(path, expected, actual);
        }
        if (expected.getNodeType() != actual.getNodeType()) {
            return differs(path, expected, actual);
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
            if (setValuedKeys.contains(lastKey(path))) {
                return sorted(expected).equals(sorted(actual)) ? null
                        : at(path) + "expected (any order) " + show(expected) + " but was " + show(actual);
            }
            for (int i = 0; i < expected.size(); i++) {
                String d = difference(path + "[" + i + "]", expected.get(i), actual.get(i));
                if (d != null) {
                    return d;
                }
            }
            return null;
        }
        if (summaryFragmentsUnordered && lastKey(path).equals("summary") && expected.isTextual()) {
            return summaryFragments(expected.textValue()).equals(summaryFragments(actual.textValue())) ? null
                    : differs(path, expected, actual);
        }
        return expected.equals(actual) ? null : differs(path, expected, actual);
    }

    private static String differs(String path, JsonNode expected, JsonNode actual) {
        return at(path) + "expected " + show(expected) + " but was " + show(actual);
    }

    private static String lastKey(String path) {
        return path.substring(path.lastIndexOf('.') + 1);
    }

    /** The first fragment as is, the appended ones sorted: their order is Python set order. */
    private static List<String> summaryFragments(String summary) {
        String[] parts = summary.split("; ", -1);
        List<String> rest = new ArrayList<>(List.of(parts).subList(1, parts.length));
        rest.sort(null);
        rest.addFirst(parts[0]);
        return rest;
    }

    private static List<String> sorted(JsonNode array) {
        List<String> items = new ArrayList<>();
        array.forEach(n -> items.add(n.toString()));
        items.sort(null);
        return items;
    }

    private static String at(String path) {
        return (path.isEmpty() ? "<root>" : path.startsWith(".") ? path.substring(1) : path) + ": ";
    }

    /** The node as JSON, cut to a length a one-line report can hold. */
    public static String show(JsonNode node) {
        if (node == null) {
            return "null";
        }
        String s = node.toString();
        return s.length() <= MAX_SHOWN ? s : s.substring(0, MAX_SHOWN) + "...";
    }
}
