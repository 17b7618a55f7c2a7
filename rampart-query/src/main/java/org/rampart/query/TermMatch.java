package org.rampart.query;

/**
 * MozDef's TermMatch, which is Elasticsearch's {@code match} query: exact (case-sensitive) on keyword fields,
 * analyzed on text fields ({@code summary}), where any one token of the value is enough.
 */
public record TermMatch(String key, Object value) implements Match {
    public TermMatch {
        Checks.key(key);
        value = Checks.scalar("TermMatch value", value);
    }
}
