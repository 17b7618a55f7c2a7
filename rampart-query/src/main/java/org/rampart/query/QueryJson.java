package org.rampart.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.rampart.event.Json;

/**
 * The JSON wire form of a query (REST {@code POST /query}, the CLI):
 *
 * <pre>{@code
 * {"minutes": 15,
 *  "must": [{"term": {"category": "bro"}}, {"query_string": "summary:failed"}],
 *  "must_not": [], "should": [],
 *  "aggregations": [{"field": "details.sourceipaddress", "size": 20}],
 *  "sort": {"field": "utctimestamp", "order": "desc"},
 *  "indices": ["events"], "size": 100}
 * }</pre>
 *
 * The window is one of {@code seconds}, {@code minutes}, {@code hours}, {@code days}, or {@code from} + {@code to}
 * (ISO-8601 instants); none means all time. Matchers: {@code term}, {@code terms}, {@code wildcard},
 * {@code phrase}, {@code range} ({@code {"f": {"from": a, "to": b}}}), {@code less_than}, {@code subnet} (each
 * {@code {"field": value}}), {@code exists}, {@code missing} ({@code "field"}), {@code query_string}
 * ({@code "lucene query"}) and {@code bool} ({@code {"must": [], "must_not": [], "should": []}}). Unknown keys are
 * rejected with an {@link IllegalArgumentException} that says which.
 */
public final class QueryJson {
    /** Deepest nesting of {@code bool} matchers accepted. */
    public static final int MAX_DEPTH = 16;
    /** Most matchers accepted in one query, all levels together. */
    public static final int MAX_MATCHERS = 10_000;

    private static final Set<String> WINDOW_KEYS = Set.of("seconds", "minutes", "hours", "days", "from", "to");
    private static final Set<String> TOP_KEYS = Set.of("seconds", "minutes", "hours", "days", "from", "to",
            "must", "must_not", "should", "aggregations", "sort", "indices", "size");
    private static final Set<String> BOOL_KEYS = Set.of("must", "must_not", "should");

    /** A query with where and how much to search. */
    public record Request(SearchQuery query, List<String> indices, int size) {}

    private QueryJson() {}

    /** Reads a query; {@code indices} and {@code size} are allowed and checked but not part of the result. */
    public static SearchQuery read(JsonNode node) {
        return readRequest(node).query();
    }

    /** Reads a query with its indices (default {@code events}, {@code events-previous}) and size (default 1000). */
    public static Request readRequest(JsonNode node) {
        ObjectNode object = object(node, "query");
        onlyKeys(object, TOP_KEYS, "query");
        SearchQuery query = window(object);
        int[] budget = {MAX_MATCHERS};
        query.addMust(matchers(object.get("must"), "must", 1, budget));
        query.addMustNot(matchers(object.get("must_not"), "must_not", 1, budget));
        query.addShould(matchers(object.get("should"), "should", 1, budget));
        JsonNode aggs = object.get("aggregations");
        if (aggs != null && !aggs.isNull()) {
            for (JsonNode agg : array(aggs, "aggregations")) {
                ObjectNode a = object(agg, "aggregation");
                onlyKeys(a, Set.of("field", "size"), "aggregation");
                String field = text(a.get("field"), "aggregation field");
                JsonNode size = a.get("size");
                query.addAggregation(size == null ? new TermsAggregation(field)
                        : new TermsAggregation(field, integer(size, "aggregation size")));
            }
        }
        JsonNode sort = object.get("sort");
        if (sort != null && !sort.isNull()) {
            ObjectNode order = object(sort, "sort");
            onlyKeys(order, Set.of("field", "order"), "sort");
            String direction = order.has("order") ? text(order.get("order"), "sort order") : "asc";
            if (!direction.equals("asc") && !direction.equals("desc")) {
                throw new IllegalArgumentException("sort order must be \"asc\" or \"desc\": " + direction);
            }
            query.sortBy(text(order.get("field"), "sort field"), direction.equals("desc"));
        }
        List<String> indices = SearchQuery.DEFAULT_INDICES;
        JsonNode idx = object.get("indices");
        if (idx != null && !idx.isNull()) {
            List<String> names = new ArrayList<>();
            for (JsonNode name : array(idx, "indices")) {
                names.add(text(name, "index name"));
            }
            if (names.isEmpty() || names.size() > 64) {
                throw new IllegalArgumentException("indices must list between 1 and 64 index names");
            }
            indices = List.copyOf(names);
        }
        int size = SearchQuery.DEFAULT_SIZE;
        if (object.has("size")) {
            size = SearchQuery.checkSize(integer(object.get("size"), "size"));
        }
        return new Request(query, indices, size);
    }

    /** Writes a query in the form {@link #read} accepts. */
    public static ObjectNode write(SearchQuery query) {
        ObjectNode node = Json.object();
        query.lookback().ifPresent(d -> {
            if (d.toDays() > 0 && d.equals(Duration.ofDays(d.toDays()))) {
                node.put("days", d.toDays());
            } else if (d.toHours() > 0 && d.equals(Duration.ofHours(d.toHours()))) {
                node.put("hours", d.toHours());
            } else if (d.equals(Duration.ofMinutes(d.toMinutes()))) {
                node.put("minutes", d.toMinutes());
            } else {
                node.put("seconds", d.toSeconds());
            }
        });
        query.from().ifPresent(i -> node.put("from", i.toString()));
        query.to().ifPresent(i -> node.put("to", i.toString()));
        node.set("must", writeAll(query.must()));
        node.set("must_not", writeAll(query.mustNot()));
        node.set("should", writeAll(query.should()));
        ArrayNode aggs = node.putArray("aggregations");
        for (TermsAggregation a : query.aggregations()) {
            aggs.addObject().put("field", a.field()).put("size", a.size());
        }
        query.sortOrder().ifPresent(o -> node.putObject("sort").put("field", o.field())
                .put("order", o.descending() ? "desc" : "asc"));
        return node;
    }

    /** Writes one matcher. */
    public static ObjectNode write(Match match) {
        ObjectNode node = Json.object();
        switch (match) {
            case TermMatch m -> node.putObject("term").set(m.key(), value(m.value()));
            case TermsMatch m -> {
                ArrayNode values = node.putObject("terms").putArray(m.key());
                m.values().forEach(v -> values.add(value(v)));
            }
            case WildcardMatch m -> node.putObject("wildcard").put(m.key(), m.value());
            case PhraseMatch m -> node.putObject("phrase").put(m.key(), m.value());
            case BooleanMatch m -> {
                ObjectNode bool = node.putObject("bool");
                bool.set("must", writeAll(m.must()));
                bool.set("must_not", writeAll(m.mustNot()));
                bool.set("should", writeAll(m.should()));
            }
            case MissingMatch m -> node.put("missing", m.field());
            case ExistsMatch m -> node.put("exists", m.field());
            case RangeMatch m -> {
                ObjectNode range = node.putObject("range").putObject(m.key());
                range.set("from", value(m.from()));
                range.set("to", value(m.to()));
            }
            case LessThanMatch m -> node.putObject("less_than").set(m.key(), value(m.value()));
            case QueryStringMatch m -> node.put("query_string", m.query());
            case SubnetMatch m -> node.putObject("subnet").put(m.key(), m.cidr());
        }
        return node;
    }

    private static ArrayNode writeAll(List<Match> matches) {
        ArrayNode array = Json.MAPPER.createArrayNode();
        matches.forEach(m -> array.add(write(m)));
        return array;
    }

    private static JsonNode value(Object value) {
        if (value instanceof Instant instant) {
            return Json.MAPPER.getNodeFactory().textNode(instant.toString());
        }
        return Json.MAPPER.valueToTree(value);
    }

    private static SearchQuery window(ObjectNode object) {
        List<String> given = new ArrayList<>();
        object.fieldNames().forEachRemaining(k -> {
            if (WINDOW_KEYS.contains(k)) {
                given.add(k);
            }
        });
        if (given.isEmpty()) {
            return SearchQuery.all();
        }
        if (given.size() == 2 && given.containsAll(List.of("from", "to"))) {
            return SearchQuery.between(instant(object.get("from"), "from"), instant(object.get("to"), "to"));
        }
        if (given.size() != 1 || given.contains("from") || given.contains("to")) {
            throw new IllegalArgumentException(
                    "give one of seconds, minutes, hours, days, or both from and to; got " + given);
        }
        String unit = given.get(0);
        long n = integer(object.get(unit), unit);
        if (n < 0 || n > 366L * 24 * 3600 * 100) {
            throw new IllegalArgumentException(unit + " out of range: " + n);
        }
        return switch (unit) {
            case "seconds" -> SearchQuery.lookback(Duration.ofSeconds(n));
            case "minutes" -> SearchQuery.minutes(n);
            case "hours" -> SearchQuery.hours(n);
            default -> SearchQuery.days(n);
        };
    }

    private static List<Match> matchers(JsonNode node, String what, int depth, int[] budget) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("bool matchers nested deeper than " + MAX_DEPTH);
        }
        List<Match> out = new ArrayList<>();
        for (JsonNode m : array(node, what)) {
            if (--budget[0] < 0) {
                throw new IllegalArgumentException("more than " + MAX_MATCHERS + " matchers in one query");
            }
            out.add(matcher(m, depth, budget));
        }
        return out;
    }

    private static Match matcher(JsonNode node, int depth, int[] budget) {
        ObjectNode object = object(node, "matcher");
        if (object.size() != 1) {
            throw new IllegalArgumentException("a matcher is an object with exactly one key (its kind), got "
                    + object.size() + " keys");
        }
        Map.Entry<String, JsonNode> entry = object.fields().next();
        String kind = entry.getKey();
        JsonNode body = entry.getValue();
        return switch (kind) {
            case "term" -> {
                var f = single(body, kind);
                yield new TermMatch(f.getKey(), scalar(f.getValue(), "term value"));
            }
            case "terms" -> {
                var f = single(body, kind);
                List<Object> values = new ArrayList<>();
                for (JsonNode v : array(f.getValue(), "terms values")) {
                    values.add(scalar(v, "terms value"));
                }
                yield new TermsMatch(f.getKey(), values);
            }
            case "wildcard" -> {
                var f = single(body, kind);
                yield new WildcardMatch(f.getKey(), text(f.getValue(), "wildcard pattern"));
            }
            case "phrase" -> {
                var f = single(body, kind);
                yield new PhraseMatch(f.getKey(), text(f.getValue(), "phrase"));
            }
            case "subnet" -> {
                var f = single(body, kind);
                yield new SubnetMatch(f.getKey(), text(f.getValue(), "subnet"));
            }
            case "less_than" -> {
                var f = single(body, kind);
                yield new LessThanMatch(f.getKey(), scalar(f.getValue(), "less_than value"));
            }
            case "range" -> {
                var f = single(body, kind);
                ObjectNode bounds = object(f.getValue(), "range bounds");
                onlyKeys(bounds, Set.of("from", "to"), "range");
                yield new RangeMatch(f.getKey(), optionalScalar(bounds.get("from"), "range from"),
                        optionalScalar(bounds.get("to"), "range to"));
            }
            case "exists" -> new ExistsMatch(text(body, "exists field"));
            case "missing" -> new MissingMatch(text(body, "missing field"));
            case "query_string" -> new QueryStringMatch(text(body, "query_string"));
            case "bool" -> {
                ObjectNode bool = object(body, "bool");
                onlyKeys(bool, BOOL_KEYS, "bool");
                yield new BooleanMatch(matchers(bool.get("must"), "must", depth + 1, budget),
                        matchers(bool.get("must_not"), "must_not", depth + 1, budget),
                        matchers(bool.get("should"), "should", depth + 1, budget));
            }
            default -> throw new IllegalArgumentException("unknown matcher '" + kind + "'; known: term, terms, "
                    + "wildcard, phrase, range, less_than, subnet, exists, missing, query_string, bool");
        };
    }

    private static Map.Entry<String, JsonNode> single(JsonNode body, String kind) {
        ObjectNode object = object(body, kind);
        if (object.size() != 1) {
            throw new IllegalArgumentException(kind + " takes an object with exactly one field, as {\"" + kind
                    + "\": {\"field\": value}}");
        }
        return object.fields().next();
    }

    private static Object optionalScalar(JsonNode node, String what) {
        return node == null || node.isNull() ? null : scalar(node, what);
    }

    private static Object scalar(JsonNode node, String what) {
        if (node == null || !node.isValueNode() || node.isNull()) {
            throw new IllegalArgumentException(what + " must be a string, a number or a boolean");
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? (Object) node.longValue() : node.bigIntegerValue();
        }
        if (node.isNumber()) {
            return node.decimalValue();
        }
        throw new IllegalArgumentException(what + " must be a string, a number or a boolean");
    }

    private static String text(JsonNode node, String what) {
        if (node == null || !node.isTextual()) {
            throw new IllegalArgumentException(what + " must be a string");
        }
        return node.textValue();
    }

    private static int integer(JsonNode node, String what) {
        if (node == null || !node.isIntegralNumber() || !node.canConvertToInt()) {
            throw new IllegalArgumentException(what + " must be an integer");
        }
        return node.intValue();
    }

    private static Instant instant(JsonNode node, String what) {
        try {
            return Instant.parse(text(node, what));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(what + " must be an ISO-8601 instant such as 2026-11-23T10:00:00Z");
        }
    }

    private static ObjectNode object(JsonNode node, String what) {
        if (!(node instanceof ObjectNode object)) {
            throw new IllegalArgumentException(what + " must be a JSON object");
        }
        return object;
    }

    private static ArrayNode array(JsonNode node, String what) {
        if (!(node instanceof ArrayNode array)) {
            throw new IllegalArgumentException(what + " must be a JSON array");
        }
        return array;
    }

    private static void onlyKeys(ObjectNode object, Set<String> allowed, String what) {
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!allowed.contains(key)) {
                throw new IllegalArgumentException("unknown key '" + key + "' in " + what + "; allowed: "
                        + allowed.stream().sorted().toList());
            }
        }
    }
}
