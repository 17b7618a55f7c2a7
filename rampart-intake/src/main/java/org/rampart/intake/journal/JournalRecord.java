package org.rampart.intake.journal;

/**
 * One record to append: the event id given at intake and the event's JSON bytes.
 *
 * @param id      the intake id, at most {@value Journal#MAX_ID_LENGTH} bytes of UTF-8
 * @param payload the event as JSON
 */
public record JournalRecord(String id, byte[] payload) {}
