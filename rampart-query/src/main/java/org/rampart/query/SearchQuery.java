package org.rampart.query;

/** Placeholder: the query-model work fills this in. */
public final class SearchQuery {}
