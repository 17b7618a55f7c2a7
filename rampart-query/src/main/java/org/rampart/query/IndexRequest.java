package org.rampart.query;

import com.fasterxml.jackson.databind.node.ObjectNode;

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

    /** A document whose id is known to be new. */
    public static IndexRequest append(String index, String id, ObjectNode source) {
        return new IndexRequest(index, id, source, false);
    }

    /** A document that replaces any earlier one with the same id. */
    public static IndexRequest upsert(String index, String id, ObjectNode source) {
        return new IndexRequest(index, id, source, true);
    }
}
