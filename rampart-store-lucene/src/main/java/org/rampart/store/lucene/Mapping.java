package org.rampart.store.lucene;

import java.util.Map;
import java.util.Set;

/**
 * Which encodings a JSON value at a path gets: MozDef's mapping template ({@code defaultMappingTemplate.json})
 * for {@code events*} and {@code alerts*}, Elasticsearch's default dynamic mapping for any other index.
 */
enum Mapping {
    /** Strings and numbers are keyword, except the template's text, ip, boolean and date fields. */
    MOZDEF,
    /** Strings are text plus a {@code .keyword} sub-field (ignore_above 256); numbers numeric; dates detected. */
    DYNAMIC;

    enum Kind { KEYWORD, TEXT, IP, BOOLEAN, DATE, GEO_POINT, DYNAMIC }

    private static final Map<String, Kind> MOZDEF_FIELDS = Map.ofEntries(
            Map.entry("summary", Kind.TEXT),
            Map.entry("details.sourceipaddress", Kind.IP),
            Map.entry("details.destinationipaddress", Kind.IP),
            Map.entry("details.sourceipgeopoint", Kind.GEO_POINT),
            Map.entry("details.destinationipgeopoint", Kind.GEO_POINT),
            Map.entry("details.success", Kind.BOOLEAN),
            Map.entry("receivedtimestamp", Kind.DATE),
            Map.entry("timestamp", Kind.DATE),
            Map.entry("utctimestamp", Kind.DATE));
    /** Dates in plain indices that Rampart writes itself, so their windows work whatever the first value was. */
    private static final Set<String> ALWAYS_DATES = Set.of("utctimestamp", "receivedtimestamp", "timestamp");

    /** Longest keyword value kept in MozDef indices: Lucene's term limit is 32766 UTF-8 bytes. */
    static final int MOZDEF_IGNORE_ABOVE = 8191;
    /** Elasticsearch's {@code .keyword} sub-field limit. */
    static final int DYNAMIC_IGNORE_ABOVE = 256;

    static Mapping forIndex(String index) {
        return index.startsWith("events") || index.startsWith("alerts") ? MOZDEF : DYNAMIC;
    }

    /** The kind the mapping fixes for a path; {@link Kind#DYNAMIC} when the value decides. */
    Kind kind(String path) {
        if (this == MOZDEF) {
            return MOZDEF_FIELDS.getOrDefault(path, Kind.DYNAMIC);
        }
        return ALWAYS_DATES.contains(path) ? Kind.DATE : Kind.DYNAMIC;
    }
}
