package org.rampart.pipeline.worker;

import java.io.IOException;
import java.time.Duration;

/**
 * Where workers take events from: the journal, adapted to this in the server wiring (the pipeline does not
 * depend on intake). Batches come in order and do not overlap; {@link #next} is called by one worker at a time.
 */
public interface EventSource {

    /** The batch after the one handed out last, at most {@code maxEvents}; empty when none arrived within {@code wait}. */
    SourceBatch next(int maxEvents, Duration wait) throws IOException, InterruptedException;

    /** Everything before {@code position} is durable in the store and need not be read again after a restart. */
    void checkpoint(long position) throws IOException;
}
