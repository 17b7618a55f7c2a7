package org.rampart.query;

/** MozDef's Aggregation: count the matching documents per value of a field, the {@code size} most common first. */
public record Aggregation(String field, int size) {
    /** MozDef's default number of buckets. */
    public static final int DEFAULT_SIZE = 20;
    /** Most buckets one aggregation may ask for. */
    public static final int MAX_SIZE = 10_000;

    public Aggregation {
        Checks.key(field);
        if (size < 1 || size > MAX_SIZE) {
            throw new IllegalArgumentException("aggregation size must be between 1 and " + MAX_SIZE + ": " + size);
        }
    }

    public Aggregation(String field) {
        this(field, DEFAULT_SIZE);
    }
}
