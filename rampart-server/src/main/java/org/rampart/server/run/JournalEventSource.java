package org.rampart.server.run;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.LongAdder;
import org.rampart.intake.journal.EventIds;
import org.rampart.intake.journal.Journal;
import org.rampart.intake.journal.JournalBatch;
import org.rampart.intake.journal.JournalEntry;
import org.rampart.pipeline.worker.EventSource;
import org.rampart.pipeline.worker.SourceBatch;
import org.rampart.pipeline.worker.SourceEvent;
import org.rampart.server.metrics.JournalDepth;

/**
 * The journal as the workers' event source: reads on from the checkpoint, in order. Keeps the batches read but not yet
 * checkpointed, so that it can tell how many records the journal still holds and how old the oldest is.
 */
final class JournalEventSource implements EventSource, JournalDepth {
    /** A batch handed to the workers: where it ends, how many records, the intake time of its first. */
    private record Unacknowledged(long end, int records, Instant oldest) {}

    private final Journal journal;
    private final ConcurrentLinkedDeque<Unacknowledged> unacknowledged = new ConcurrentLinkedDeque<>();
    private final LongAdder replayedRead = new LongAdder();
    private final LongAdder checkpointedRecords = new LongAdder();
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
            // An id an SQS input derived may be stored already (a redelivered SQS message): the write replaces it.
            events.add(new SourceEvent(entry.id(), EventIds.instantOf(entry.id()), entry.payload(),
                    entry.replayed() || EventIds.mayBeStored(entry.id())));
            if (entry.replayed()) {
                replayedRead.increment();
            }
        }
        // Past quarantined bytes even when no record came with them, so they are not read (and passed over) again.
        position = batch.next();
        if (!events.isEmpty()) {
            unacknowledged.add(new Unacknowledged(position, events.size(), events.getFirst().received()));
        }
        return new SourceBatch(position, events);
    }

    @Override
    public void checkpoint(long upTo) throws IOException {
        journal.checkpoint(upTo);
        for (Unacknowledged head = unacknowledged.peekFirst(); head != null && head.end() <= upTo;
             head = unacknowledged.peekFirst()) {
            if (unacknowledged.remove(head)) {
                checkpointedRecords.add(head.records());
            }
        }
    }

    @Override
    public long unconsumedBytes() {
        return journal.unconsumedBytes();
    }

    /** Appended in this process, plus a tail replayed from before it once read, less what was checkpointed. */
    @Override
    public long unconsumedRecords() {
        return journal.appendedRecords() + replayedRead.sum() - checkpointedRecords.sum();
    }

    @Override
    public Duration oldestUnconsumedAge(Instant now) {
        Unacknowledged head = unacknowledged.peekFirst();
        return head == null ? Duration.ZERO : Duration.between(head.oldest(), now);
    }

    @Override
    public long quarantinedRecords() {
        return journal.health().quarantinedRecords();
    }
}
