package org.rampart.pipeline.worker;

/**
 * One event as intake wrote it.
 *
 * @param id       the id given at intake
 * @param json     the event as JSON bytes
 * @param replayed true when it was read again after a restart and may already be in the store: it is then
 *                 upserted (replaced by id) instead of appended
 */
public record SourceEvent(String id, byte[] json, boolean replayed) {}
