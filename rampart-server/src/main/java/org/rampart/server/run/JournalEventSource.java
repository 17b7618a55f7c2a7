package org.rampart.server.run;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.rampart.intake.journal.EventIds;
import org.rampart.intake.journal.Journal;
import org.rampart.intake.journal.JournalBatch;
import org.rampart.intake.journal.JournalEntry;
import org.rampart.pipeline.worker.EventSource;
import org.rampart.pipeline.worker.SourceBatch;
import org.rampart.pipeline.worker.SourceEvent;

/** The journal as the workers' event source: reads on from the checkpoint, in order. */
final class JournalEventSource implements EventSource {
    private final Journal journal;
    private long position;

    JournalEventSource(Journal journal) {
        this.journal = journal;
        this.position = journal.checkpointPosition();
    }

    long start() {
        return journal.checkpointPosition();
    }

    @Override
    public SourceBatch next(int maxEvents, Duration wait) throws IOException, InterruptedException {
        JournalBatch batch = journal.read(position, maxEvents, wait);
        List<SourceEvent> events = new ArrayList<>(batch.entries().size());
        for (JournalEntry entry : batch.entries()) {
            events.add(new SourceEvent(entry.id(), EventIds.instantOf(entry.id()), entry.payload(), entry.replayed()));
        }
        // Past quarantined bytes even when no record came with them, so they are not read (and passed over) again.
        position = batch.next();
        return new SourceBatch(position, events);
    }

    @Override
    public void checkpoint(long upTo) throws IOException {
        journal.checkpoint(upTo);
    }
}
