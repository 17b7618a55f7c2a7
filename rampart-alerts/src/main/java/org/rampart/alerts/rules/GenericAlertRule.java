package org.rampart.alerts.rules;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hjson.JsonValue;
import org.hjson.ParseException;
import org.rampart.event.Json;
import org.rampart.query.QueryStringMatch;
import org.rampart.query.SearchQuery;
import org.rampart.query.TermMatch;

/**
 * One rule file of MozDef's generic alert loader: a query ({@code search_string} plus {@code filters}) over
 * {@code time_window} minutes, aggregated on {@code aggregation_key}, alerting for every value seen at least
 * {@code num_aggregations} times. With {@code "streaming": true} (and {@code num_aggregations} 1) the rule also
 * runs on each event as it arrives.
 *
 * @param name the file name without extension; the alert is {@code AlertGenericLoader:<name>}
 * @param filters {@code [field, value]} pairs, each a TermMatch
 */
public record GenericAlertRule(String name, String searchString, List<Map.Entry<String, String>> filters,
        String aggregationKey, int timeWindowMinutes, int numSamples, int numAggregations, String category,
        List<String> tags, String severity, String summary, String url, String channel, Boolean notifyMozdefbot,
        List<String> additionalSummaryFields, boolean streaming) {

    /** Rule files are small; a larger one is a mistake or an attack. */
    static final int MAX_FILE_BYTES = 1 << 20;


    public GenericAlertRule {
        filters = List.copyOf(filters);
        tags = List.copyOf(tags);
        additionalSummaryFields = List.copyOf(additionalSummaryFields);
        if (streaming && numAggregations > 1) {
            throw new IllegalArgumentException("rule " + name + ": a streaming rule fires on one event, so"
                    + " num_aggregations must be 1 (it is " + numAggregations + ")");
        }
        // Compiling checks the search string now, when the rule is loaded, not at its first run.
        EventMatcher.compile(new QueryStringMatch(searchString));
    }

    /** MozDef's alert name for this rule, also written into the events' {@code alert_names}. */
    public String classname() {
        return "AlertGenericLoader:" + name;
    }

    /** The rule's query: filters and search string over its time window. */
    public SearchQuery query() {
        SearchQuery query = SearchQuery.minutes(timeWindowMinutes);
        filters.forEach(f -> query.addMust(new TermMatch(f.getKey(), f.getValue())));
        query.addMust(new QueryStringMatch(searchString));
        return query;
    }

    /** Reads a rule file; the rule is named after the file. */
    public static GenericAlertRule read(Path file) throws IOException {
        if (Files.size(file) > MAX_FILE_BYTES) {
            throw new IllegalArgumentException(file + ": rule file larger than " + MAX_FILE_BYTES + " bytes");
        }
        // MozDef removes every ".json" from the file name: my.jsonrule.json is the rule myrule.
        String name = file.getFileName().toString().replace(".json", "");
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(file + ": not a rule: the file is not UTF-8 text", e);
        }
        try {
            return parse(name, hjson(text));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * MozDef's rule files are Hjson, whatever their {@code .json} name says: comments, unquoted keys, quoteless
     * strings to the end of the line, optional commas, {@code '''} multi-line strings, optional root braces. Hjson 3
     * also strips single quotes, which hjson-py 2 kept as part of the text.
     */
    static JsonNode hjson(String text) {
        String json;
        try {
            json = JsonValue.readHjson(text).toString();
        } catch (ParseException e) {
            throw new IllegalArgumentException("not Hjson: " + e.getMessage(), e);
        } catch (StackOverflowError e) {
            throw new IllegalArgumentException("not a rule: nested too deeply");
        }
        try {
            return Json.MAPPER.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            // Jackson's limits (nesting depth, number length) reject what a rule never needs.
            throw new IllegalArgumentException("not a rule: " + e.getOriginalMessage(), e);
        }
    }

    /** Builds a rule from its parsed document; every problem names the key. */
    public static GenericAlertRule parse(String name, JsonNode doc) {
        if (doc == null || !doc.isObject()) {
            throw new IllegalArgumentException("a rule is a JSON object");
        }
        List<Map.Entry<String, String>> filters = new ArrayList<>();
        JsonNode f = required(doc, "filters");
        if (!f.isArray()) {
            throw new IllegalArgumentException("\"filters\" must be a list of [field, value] pairs");
        }
        for (JsonNode pair : f) {
            // MozDef reads the first two items of each entry and ignores the rest.
            if (!pair.isArray() || pair.size() < 2 || !pair.get(0).isTextual() || !pair.get(1).isValueNode()) {
                throw new IllegalArgumentException("\"filters\" entry " + pair + " is not a [field, value] pair");
            }
            filters.add(Map.entry(pair.get(0).asText(), pair.get(1).asText()));
        }
        JsonNode notify = doc.get("notify_mozdefbot");
        return new GenericAlertRule(name, text(doc, "search_string"), filters, text(doc, "aggregation_key"),
                number(doc, "time_window"), number(doc, "num_samples"), number(doc, "num_aggregations"),
                text(doc, "alert_category"), strings(doc, "alert_tags", true), text(doc, "alert_severity"),
                text(doc, "alert_summary"), text(doc, "alert_url"),
                doc.hasNonNull("channel") ? doc.get("channel").asText() : null,
                notify == null || notify.isNull() ? null : notify.asBoolean(),
                strings(doc, "additional_summary_fields", false), doc.path("streaming").asBoolean(false));
    }

    private static JsonNode required(JsonNode doc, String key) {
        JsonNode value = doc.get(key);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("\"" + key + "\" is required");
        }
        return value;
    }

    private static String text(JsonNode doc, String key) {
        JsonNode value = required(doc, key);
        if (!value.isValueNode()) {
            throw new IllegalArgumentException("\"" + key + "\" must be a string");
        }
        return value.asText();
    }

    /** Python's int(): a number (a fraction is cut off) or a string of digits. */
    private static int number(JsonNode doc, String key) {
        JsonNode value = required(doc, key);
        if (value.isNumber() && value.doubleValue() >= 0 && value.doubleValue() < 1e7) {
            return (int) value.doubleValue();
        }
        String text = value.asText().trim();
        if (!text.matches("\\d{1,7}")) {
            throw new IllegalArgumentException("\"" + key + "\" must be a whole number, not " + value);
        }
        return Integer.parseInt(text);
    }

    private static List<String> strings(JsonNode doc, String key, boolean isRequired) {
        JsonNode value = isRequired ? required(doc, key) : doc.get(key);
        List<String> out = new ArrayList<>();
        if (value == null || value.isNull()) {
            return out;
        }
        if (!value.isArray()) {
            throw new IllegalArgumentException("\"" + key + "\" must be a list of strings");
        }
        value.forEach(v -> out.add(v.asText()));
        return out;
    }
}
