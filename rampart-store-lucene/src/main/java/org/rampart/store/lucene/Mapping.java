package org.rampart.store.lucene;

import java.util.Set;
import org.rampart.query.tree.FieldKind;

/**
 * Which encodings a JSON value at a path gets: MozDef's mapping template ({@link FieldKind}) for {@code events*}
 * and {@code alerts*}, Elasticsearch's default dynamic mapping for any other index.
 */
enum Mapping {
    /** Strings and numbers are keyword, except the template's text, ip, boolean, date and geo_point fields. */
    MOZDEF,
    /** Strings are text plus a {@code .keyword} sub-field (ignore_above 256); numbers numeric; dates detected. */
    DYNAMIC;

    /** Dates in plain indices that Rampart writes itself, so their windows work whatever the first value was. */
    private static final Set<String> ALWAYS_DATES = Set.of("utctimestamp", "receivedtimestamp", "timestamp");

    /** Elasticsearch's {@code .keyword} sub-field limit. */
    static final int DYNAMIC_IGNORE_ABOVE = 256;

    static Mapping forIndex(String index) {
        return index.startsWith("events") || index.startsWith("alerts") ? MOZDEF : DYNAMIC;
    }

    /** The kind the mapping fixes for a path; null when the value decides (dynamic mapping). */
    FieldKind kind(String path) {
        if (this == MOZDEF) {
            return FieldKind.of(path);
        }
        return ALWAYS_DATES.contains(path) ? FieldKind.DATE : null;
    }
}
