package org.rampart.server.metrics;

import java.time.Duration;
import java.time.Instant;

/** How far the pipeline is behind the journal: what the journal holds that the store has not yet made durable. */
public interface JournalDepth {
    /** Journal bytes not yet checkpointed (what intake compares with {@code journal.max_unconsumed}). */
    long unconsumedBytes();

    /** Journal records not yet checkpointed. */
    long unconsumedRecords();

    /** How long ago the oldest record not yet checkpointed was received; zero when the pipeline holds none. */
    Duration oldestUnconsumedAge(Instant now);

    /** Corrupt records passed over and kept in the quarantine folder (what intake's {@code /status} reports). */
    long quarantinedRecords();
}
