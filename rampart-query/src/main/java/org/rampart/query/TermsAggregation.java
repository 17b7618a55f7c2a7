package org.rampart.query;

/**
 * Elasticsearch's terms aggregation, as MozDef's SearchQuery asks for it: count the matching documents per value
 * of a field, the {@code size} most common first. (An alert's {@code Aggregation} is the group of events one
 * value collects, what {@code onAggregation} receives.)
 */
public record TermsAggregation(String field, int size) {
    /** MozDef's default number of buckets. */
    public static final int DEFAULT_SIZE = 20;
    /** Most buckets one aggregation may ask for. */
    public static final int MAX_SIZE = 10_000;

    public TermsAggregation {
        Checks.key(field);
        if (size < 1 || size > MAX_SIZE) {
            throw new IllegalArgumentException("aggregation size must be between 1 and " + MAX_SIZE + ": " + size);
        }
    }

    public TermsAggregation(String field) {
        this(field, DEFAULT_SIZE);
    }
}
