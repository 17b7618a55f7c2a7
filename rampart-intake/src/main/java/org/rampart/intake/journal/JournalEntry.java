package org.rampart.intake.journal;

/**
 * One record read back from the journal.
 *
 * @param position where the record starts
 * @param next     where the next record starts: checkpoint here once this record is durable downstream
 * @param id       the intake id
 * @param payload  the event as JSON
 * @param replayed true when the record was written before the journal was last opened and lies after the
 *                 checkpoint, so it may already be in the store (written, but not yet committed there)
 */
public record JournalEntry(long position, long next, String id, byte[] payload, boolean replayed) {}
