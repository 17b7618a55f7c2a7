package org.rampart.intake.http;

import java.io.IOException;
import java.util.List;
import org.rampart.intake.journal.Journal;
import org.rampart.intake.journal.JournalHealth;
import org.rampart.intake.journal.JournalRecord;

/**
 * Where intake puts accepted events before it answers 2xx: the local journal ({@code transport: embedded}) or a
 * message broker ({@code transport: rabbitmq}). The reply waits for {@link #append}, so a 2xx means "durable here".
 */
public interface IntakeSink {

    /** Makes the records durable and returns once they are; throws when they may not be (the client gets 503). */
    void append(List<JournalRecord> records) throws IOException;

    /** What {@code /status} reports. */
    JournalHealth health();

    /** Why intake must refuse events now for lack of disk space (503), or null. */
    String diskShortage();

    /** Accepted bytes the pipeline has not consumed yet (compared with {@code journal.max_unconsumed}). */
    long unconsumedBytes();

    /** What the sink is, for the client's 503 reason ("the event journal"). */
    String describe();

    /** The local journal, exactly as intake used it before sinks existed. */
    static IntakeSink of(Journal journal) {
        return new IntakeSink() {
            @Override
            public void append(List<JournalRecord> records) throws IOException {
                journal.append(records);
            }

            @Override
            public JournalHealth health() {
                return journal.health();
            }

            @Override
            public String diskShortage() {
                return journal.diskShortage();
            }

            @Override
            public long unconsumedBytes() {
                return journal.unconsumedBytes();
            }

            @Override
            public String describe() {
                return "the event journal";
            }
        };
    }
}
