package org.rampart.intake.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Power loss: concurrent appenders and a consumer that checkpoints, then the power goes and everything written but not
 * fsynced vanishes ({@link PowerLossFiles}). Reopened, the journal holds every acknowledged record: the fsync before
 * the reply, not the page cache, is what keeps them. The negative control runs the same on a disk whose fsync does
 * nothing, and must lose acknowledged records, or this test could not fail.
 */
class JournalPowerLossTest {
    private static final JournalOptions OPTIONS = new JournalOptions(16 * 1024, Duration.ofMillis(2));
    private static final int APPENDERS = 4;
    private static final int ACKED_BEFORE_LOSS = 2_000;

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedRecordSurvivesAPowerLoss() throws Exception {
        Outcome outcome = appendThenLosePower(PowerLossFiles.honouringForce(), true);
        report("power loss (unforced writes dropped)", outcome);
        assertThat(outcome.lost()).as("acknowledged records lost").isEmpty();
        assertThat(outcome.duplicates).as("records read twice").isZero();
    }

    @Test
    void negativeControlAcknowledgingWithoutADurableFsyncLosesRecords() throws Exception {
        // No consumer: its checkpoint would name positions the lost segments no longer reach, and the reopen refuses that.
        Outcome outcome = appendThenLosePower(PowerLossFiles.ignoringForce(), false);
        report("negative control: fsync that does nothing", outcome);
        assertThat(outcome.lost()).as("acknowledged records lost when fsync is not durable").isNotEmpty();
    }

    /** Prints the {@code RELIABILITY ...} line of docs/reliability.md and appends it to {@code target/reliability.txt}. */
    private static void report(String fault, Outcome outcome) throws IOException {
        String line = ("RELIABILITY fault=\"%s\" load=\"%d appenders, single records, %d ms group commit, 16 KiB segments\""
                + " acked=%d found=%d lost=%d duplicates=%d").formatted(fault, APPENDERS, OPTIONS.groupCommitInterval().toMillis(),
                outcome.acked.size(), outcome.acked.size() - outcome.lost().size(), outcome.lost().size(), outcome.duplicates);
        System.out.println(line);
        Path report = Path.of("target", "reliability.txt");
        Files.createDirectories(report.getParent());
        Files.writeString(report, line + System.lineSeparator(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private record Outcome(Set<String> acked, Set<String> found, int duplicates) {
        Set<String> lost() {
            Set<String> lost = new java.util.TreeSet<>(acked);
            lost.removeAll(found);
            return lost;
        }
    }

    /** {@code consume}: a consumer reads and checkpoints meanwhile; what it checkpointed counts as found. */
    private Outcome appendThenLosePower(PowerLossFiles disk, boolean consume) throws Exception {
        Set<String> acked = ConcurrentHashMap.newKeySet();
        Set<String> consumed = ConcurrentHashMap.newKeySet();
        AtomicBoolean powered = new AtomicBoolean(true);
        Journal journal = disk.open(dir, OPTIONS);
        List<Thread> threads = new ArrayList<>();
        for (int a = 0; a < APPENDERS; a++) {
            int appender = a;
            threads.add(Thread.ofVirtual().start(() -> {
                for (int i = 0; powered.get(); i++) {
                    String id = "id-" + appender + "-" + i;
                    try {
                        journal.append(List.of(new JournalRecord(id, ("{\"n\": \"" + id + "\"}").getBytes(StandardCharsets.UTF_8))));
                        acked.add(id);
                    } catch (IOException | IllegalStateException e) {
                        return; // the power is off: not acknowledged
                    }
                }
            }));
        }
        // A consumer that checkpoints as it goes, so whole segments are deleted and the checkpoint file replaced.
        Thread consumer = Thread.ofVirtual().start(() -> {
            long at = journal.checkpointPosition();
            try {
                while (powered.get() && consume) {
                    JournalBatch batch = journal.read(at, 50, Duration.ofMillis(20));
                    journal.checkpoint(batch.next());
                    batch.entries().forEach(e -> consumed.add(e.id()));
                    at = batch.next();
                }
            } catch (IOException | RuntimeException | InterruptedException e) {
                // the power is off
            }
        });
        while (acked.size() < ACKED_BEFORE_LOSS) {
            Thread.sleep(10);
        }
        disk.powerLoss();
        powered.set(false);
        for (Thread thread : threads) {
            thread.join();
        }
        consumer.join();

        // What the consumer checkpointed is downstream; the rest must be in the journal, from its checkpoint on.
        Set<String> found = new java.util.HashSet<>(consumed);
        int duplicates = 0;
        try (Journal reopened = PowerLossFiles.honouringForce().open(dir, OPTIONS)) {
            long checkpoint = reopened.checkpointPosition();
            for (long at = checkpoint; ; ) {
                JournalBatch batch = reopened.read(at, 500, Duration.ZERO);
                if (batch.next() == at) {
                    break;
                }
                for (JournalEntry entry : batch.entries()) {
                    duplicates += found.add(entry.id()) ? 0 : 1;
                }
                at = batch.next();
            }
        }
        return new Outcome(Set.copyOf(acked), found, duplicates);
    }
}
