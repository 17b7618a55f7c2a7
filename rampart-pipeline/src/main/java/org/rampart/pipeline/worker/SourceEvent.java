package org.rampart.pipeline.worker;

import java.time.Instant;

/**
 * One event as intake wrote it.
 *
 * @param id       the id given at intake
 * @param received when intake took it: the event's "now" in the pipeline, so that a replay after a crash
 *                 gives it the same default timestamps (and so the same daily partition) as the first pass
 * @param json     the event as JSON bytes
 * @param replayed true when it was read again after a restart and may already be in the store: it is then
 *                 upserted (replaced by id) instead of appended
 */
public record SourceEvent(String id, Instant received, byte[] json, boolean replayed) {}
