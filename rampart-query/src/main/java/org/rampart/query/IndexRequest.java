package org.rampart.query;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** One document to write: index name (alias or concrete), id (null: the store picks one) and body. */
public record IndexRequest(String index, String id, ObjectNode source) {}
