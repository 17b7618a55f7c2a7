package org.rampart.query.tree;

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
}
