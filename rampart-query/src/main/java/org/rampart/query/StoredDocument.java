package org.rampart.query;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A document as the store holds it: MozDef's {@code _index}, {@code _id} and {@code _source}. */
public record StoredDocument(String index, String id, ObjectNode source) {}
