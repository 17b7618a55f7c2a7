package org.rampart.alerts.rules;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.rampart.event.ip.IpAddresses;
import org.rampart.query.tree.FieldKind;
import org.rampart.query.tree.Dates;

/**
 * One event as the store would index it under MozDef's mapping: values per dotted path (arrays give
 * several), keyword strings, analysed {@code summary} tokens, addresses, instants. The event is flattened
 * once, on first use, and shared by every rule evaluated on it.
 */
final class EventView {

    /** The store's limit: deeper paths are not indexed. */
    private static final int MAX_DEPTH = 20;
    private static final int MAX_VALUES = 10_000;
    private static final Analyzer ANALYZER = new StandardAnalyzer();

    private final JsonNode event;
    private final Map<String, List<String>> keywords = new HashMap<>();
    private final Map<String, List<List<String>>> tokens = new HashMap<>();
    private Map<String, List<JsonNode>> all;

    EventView(JsonNode event) {
        this.event = event;
    }

    /** The non-null scalar values at a dotted path, through nested objects and arrays. */
    List<JsonNode> values(String path) {
        return allValues().getOrDefault(path, List.of());
    }

    /** Whether a path, or anything under it, holds a non-null value: Elasticsearch's {@code exists}. */
    boolean exists(String path) {
        if (!values(path).isEmpty()) {
            return true;
        }
        String prefix = path + ".";
        return allValues().entrySet().stream().anyMatch(e -> e.getKey().startsWith(prefix) && !e.getValue().isEmpty());
    }

    /** Every leaf path with its values, for {@code query_string} terms without a field. */
    Map<String, List<JsonNode>> allValues() {
        if (all == null) {
            Map<String, List<JsonNode>> map = new LinkedHashMap<>();
            flatten("", event, 0, map);
            all = map;
        }
        return all;
    }

    private static void flatten(String path, JsonNode node, int depth, Map<String, List<JsonNode>> map) {
        if (depth > MAX_DEPTH) {
            return;
        }
        if (node.isObject() && FieldKind.of(path) == FieldKind.GEO_POINT) {
            // As the store: a geo point is present (exists) but neither it nor its lat/lon is searchable.
            map.computeIfAbsent(path, p -> new ArrayList<>(1)).add(node);
        } else if (node.isObject()) {
            for (var field : node.properties()) {
                flatten(path.isEmpty() ? field.getKey() : path + "." + field.getKey(), field.getValue(), depth + 1, map);
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                flatten(path, element, depth + 1, map);
            }
        } else if (!node.isNull() && !path.isEmpty()) {
            List<JsonNode> list = map.computeIfAbsent(path, p -> new ArrayList<>(1));
            if (list.size() < MAX_VALUES) {
                list.add(node);
            }
        }
    }

    /** The keyword strings at a path (booleans as {@code true}/{@code false}, numbers as written). */
    List<String> keywords(String path) {
        return keywords.computeIfAbsent(path, p -> {
            List<String> out = new ArrayList<>();
            for (JsonNode v : values(p)) {
                String s = FieldKind.keyword(v);
                if (s.length() <= FieldKind.IGNORE_ABOVE) {
                    out.add(s);
                }
            }
            return out;
        });
    }

    /** The analysed tokens of each text value at a path, one list per value (phrases do not span values). */
    List<List<String>> tokenLists(String path) {
        return tokens.computeIfAbsent(path, p -> {
            List<List<String>> out = new ArrayList<>();
            for (JsonNode v : values(p)) {
                out.add(analyze(p, FieldKind.keyword(v)));
            }
            return out;
        });
    }

    /** The addresses at a path; values that are not IP literals are not indexed as addresses. */
    List<InetAddress> addresses(String path) {
        List<InetAddress> out = new ArrayList<>();
        for (JsonNode v : values(path)) {
            InetAddress a = v.isTextual() ? IpAddresses.address(v.textValue()) : null;
            if (a != null) {
                out.add(a);
            }
        }
        return out;
    }

    /** The instants at a path (ISO-8601 strings or epoch milliseconds). */
    List<Instant> instants(String path) {
        List<Instant> out = new ArrayList<>();
        for (JsonNode v : values(path)) {
            Instant t = instant(v);
            if (t != null) {
                out.add(t);
            }
        }
        return out;
    }

    static Instant instant(Object v) {
        if (v instanceof Instant i) {
            return i;
        }
        if (v instanceof JsonNode n) {
            if (n.isIntegralNumber() && n.canConvertToLong()) {
                return Instant.ofEpochMilli(n.longValue());
            }
            return n.isTextual() ? parseInstant(n.textValue()) : null;
        }
        if (v instanceof Number n) {
            return Instant.ofEpochMilli(n.longValue());
        }
        return v == null ? null : parseInstant(v.toString());
    }

    /** As the store reads a date field: Elasticsearch's dateOptionalTime, to the millisecond. */
    private static Instant parseInstant(String text) {
        Long millis = Dates.parse(text);
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }

    /** The standard analyzer's tokens, as the store indexes {@code summary}. */
    static List<String> analyze(String field, String text) {
        List<String> out = new ArrayList<>();
        try (TokenStream ts = ANALYZER.tokenStream(field, text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                out.add(term.toString());
            }
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** The analyzer's normalization of a single term (lower-casing), for wildcard and range terms on text. */
    static String normalize(String field, String term) {
        return ANALYZER.normalize(field, term).utf8ToString();
    }
}
