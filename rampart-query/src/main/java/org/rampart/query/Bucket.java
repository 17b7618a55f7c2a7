package org.rampart.query;

/** One aggregation bucket: MozDef's {@code {count, key}}; the key is a String, a Long or a Double. */
public record Bucket(Object key, long count) {}
