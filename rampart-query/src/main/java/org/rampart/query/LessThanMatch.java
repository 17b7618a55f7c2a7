package org.rampart.query;

/** MozDef's LessThanMatch ({@code range} with {@code lt}): the field is strictly below the value. */
public record LessThanMatch(String key, Object value) implements Match {
    public LessThanMatch {
        Checks.key(key);
        value = Checks.bound("LessThanMatch value", value);
        if (value == null) {
            throw new IllegalArgumentException("LessThanMatch value is required");
        }
    }
}
