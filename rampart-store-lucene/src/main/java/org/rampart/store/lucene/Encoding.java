package org.rampart.store.lucene;

/**
 * How one JSON value is written to Lucene. Each encoding has its own field-name prefix, so one event path can
 * carry several encodings (a plain index keeps a string as text and as {@code path.keyword}) without Lucene
 * schema conflicts, and a query finds what a path holds by looking at which prefixed fields exist.
 */
enum Encoding {
    /** Exact terms plus sorted-set doc values (aggregations); also booleans as "true"/"false". */
    KEYWORD("k:"),
    /** Analyzed with the standard analyzer, positions kept (phrases). */
    TEXT("t:"),
    /** Epoch milliseconds, points plus doc values. */
    DATE("d:"),
    /** Whole numbers (plain indices only: MozDef's template maps numbers to keyword). */
    LONG("l:"),
    /** Floating-point numbers (plain indices only). */
    DOUBLE("f:"),
    /** IPv4/IPv6 addresses, points plus doc values. */
    IP("ip:");

    final String prefix;

    Encoding(String prefix) {
        this.prefix = prefix;
    }

    String field(String path) {
        return prefix + path;
    }

    /** The encoding of a Lucene field name, or null for internal fields. */
    static Encoding of(String luceneField) {
        for (Encoding e : values()) {
            if (luceneField.startsWith(e.prefix)) {
                return e;
            }
        }
        return null;
    }

    String path(String luceneField) {
        return luceneField.substring(prefix.length());
    }
}
