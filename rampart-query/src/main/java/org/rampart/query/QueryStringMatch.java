package org.rampart.query;

/**
 * MozDef's QueryStringMatch ({@code query_string}): Lucene query syntax, default field all fields
 * ({@code *}), default operator OR, leading wildcards allowed, {@code _exists_:field} supported.
 */
public record QueryStringMatch(String query) implements Match {
    public QueryStringMatch {
        Checks.text("query string", query);
    }
}
