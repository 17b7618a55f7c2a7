package org.rampart.query;

/**
 * MozDef's RangeMatch ({@code range} with {@code gte}/{@code lte}): both ends inclusive, a null end is open.
 * Bounds are strings (ISO-8601 for date fields), numbers or {@link java.time.Instant}s; on keyword fields the
 * comparison is between strings, as with MozDef's mapping.
 */
public record RangeMatch(String key, Object from, Object to) implements Match {
    public RangeMatch {
        Checks.key(key);
        from = Checks.bound("RangeMatch from", from);
        to = Checks.bound("RangeMatch to", to);
    }
}
