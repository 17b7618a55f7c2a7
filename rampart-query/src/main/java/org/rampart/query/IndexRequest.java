package org.rampart.query;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One document to write.
 *
 * @param index  index name, an alias ({@code events}, {@code alerts}) or concrete ({@code events-20261123})
 * @param id     document id; null lets the store pick one
 * @param source the document
 * @param upsert true: replace a document with the same id if one exists (costs a lookup per write, so the
 *               hot path appends ids it knows are new, and only a replay after restart or a plugin-chosen
 *               id upserts)
 */
public record IndexRequest(String index, String id, ObjectNode source, boolean upsert) {
    /** Longest document id, as Elasticsearch allows. */
    public static final int MAX_ID_LENGTH = 512;

    /** A document whose id is known to be new. */
    public static IndexRequest append(String index, String id, ObjectNode source) {
        return new IndexRequest(index, id, source, false);
    }

    /** A document that replaces any earlier one with the same id. */
    public static IndexRequest upsert(String index, String id, ObjectNode source) {
        return new IndexRequest(index, id, source, true);
    }

    /** A new random id of 20 URL-safe characters, as Elasticsearch makes them, for a document written without one. */
    public static String newId() {
        byte[] random = new byte[15];
        ThreadLocalRandom.current().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    /** The id itself when it has 1 to {@link #MAX_ID_LENGTH} characters, else an IllegalArgumentException. */
    public static String checkId(String id) {
        if (id.isEmpty() || id.length() > MAX_ID_LENGTH) {
            throw new IllegalArgumentException("a document id must have 1 to " + MAX_ID_LENGTH + " characters");
        }
        return id;
    }
}
