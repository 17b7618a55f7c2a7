package org.rampart.query;

/**
 * One concrete partition of a store ({@code events-20261123}, {@code alerts-202611} or a plain index), as listed for
 * retention and snapshots.
 *
 * @param name      the concrete index name
 * @param sizeBytes what it takes on disk (a cluster store: its primary store size)
 */
public record StorePartition(String name, long sizeBytes) {}
