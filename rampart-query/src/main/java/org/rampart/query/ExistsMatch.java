package org.rampart.query;

/** MozDef's ExistsMatch ({@code exists}): the field has a value; absent, null and an empty list do not count. */
public record ExistsMatch(String field) implements Match {
    public ExistsMatch {
        Checks.key(field);
    }
}
