package org.rampart.query.tree;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/**
 * How MozDef's mapping template ({@code defaultMappingTemplate.json}) types an event field in {@code events*} and
 * {@code alerts*}: the one table the stores index by and the streaming matcher reads by.
 */
public enum FieldKind {
    /** Exact, case-sensitive strings; numbers and booleans as their text. Every field the template does not list. */
    KEYWORD,
    /** Analysed with the standard analyzer ({@code summary}). */
    TEXT,
    /** IPv4 and IPv6 addresses; values that are not address literals are not indexed. */
    IP,
    /** {@code true} / {@code false}. */
    BOOLEAN,
    /** Instants (ISO-8601 text or epoch milliseconds). */
    DATE,
    /** Geo points: kept in the document, not searchable. */
    GEO_POINT;

    /**
     * Longest keyword value indexed (Elasticsearch's {@code ignore_above}); a longer value is kept in the document
     * but matches no query. Lucene's term limit is 32766 UTF-8 bytes, so at most 8191 characters of 4 bytes.
     */
    public static final int IGNORE_ABOVE = 8191;

    private static final Map<String, FieldKind> TEMPLATE = Map.of(
            "summary", TEXT,
            "details.sourceipaddress", IP,
            "details.destinationipaddress", IP,
            "details.sourceipgeopoint", GEO_POINT,
            "details.destinationipgeopoint", GEO_POINT,
            "details.success", BOOLEAN,
            "receivedtimestamp", DATE,
            "timestamp", DATE,
            "utctimestamp", DATE);

    /** The kind MozDef's template gives a dotted path. */
    public static FieldKind of(String path) {
        return TEMPLATE.getOrDefault(path, KEYWORD);
    }

    /** The keyword form of a JSON scalar, what a keyword field holds: a number as written, a boolean as text. */
    public static String keyword(JsonNode value) {
        if (value.isTextual()) {
            return value.textValue();
        }
        return value.isBigDecimal() ? plain(value.decimalValue()) : value.asText();
    }

    /** The keyword form of a query value (string, number, boolean or instant), as Elasticsearch makes a term of it. */
    public static String keyword(Object value) {
        return switch (value) {
            case String s -> s;
            case BigDecimal d -> plain(d);
            case Instant i -> i.toString();
            default -> String.valueOf(value);
        };
    }

    private static String plain(BigDecimal d) {
        // toPlainString of 1e1000000 would be a million digits.
        return Math.abs(d.scale()) <= 64 ? d.toPlainString() : d.toString();
    }
}
