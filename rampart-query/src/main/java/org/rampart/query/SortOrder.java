package org.rampart.query;

/**
 * An order for hits by a date field (Rampart's addition to MozDef's model, for "latest first" listings);
 * documents without the field come last.
 */
public record SortOrder(String field, boolean descending) {
    public SortOrder {
        Checks.key(field);
    }
}
