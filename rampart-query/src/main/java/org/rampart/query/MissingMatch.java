package org.rampart.query;

/** MozDef's MissingMatch: the field is absent, null or an empty list. */
public record MissingMatch(String field) implements Match {
    public MissingMatch {
        Checks.key(field);
    }
}
