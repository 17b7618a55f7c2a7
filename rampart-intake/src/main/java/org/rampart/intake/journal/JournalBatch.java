package org.rampart.intake.journal;

import java.util.List;

/**
 * What one {@link Journal#read} returns.
 *
 * @param entries the records read, in order; may be empty
 * @param next    where to read on from: after the last entry, or past corrupt bytes that were quarantined
 */
public record JournalBatch(List<JournalEntry> entries, long next) {}
