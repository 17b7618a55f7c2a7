package org.rampart.query;

/** MozDef's WildcardMatch ({@code wildcard}): {@code *} and {@code ?} over the whole keyword value, case-sensitive. */
public record WildcardMatch(String key, String value) implements Match {
    public WildcardMatch {
        Checks.key(key);
        Checks.text("WildcardMatch pattern", value);
    }
}
