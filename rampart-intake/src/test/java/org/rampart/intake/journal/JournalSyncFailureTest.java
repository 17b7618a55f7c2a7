package org.rampart.intake.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * After a failed fsync the kernel may have dropped the dirty pages, so no later fsync proves them durable: the journal
 * refuses appends (never acknowledging past the failed range) until it is reopened, which re-verifies the tail.
 */
class JournalSyncFailureTest {
    private static final JournalOptions OPTIONS = new JournalOptions(64 * 1024, Duration.ZERO);

    @TempDir
    Path dir;
    private final FaultyFiles files = new FaultyFiles();

    private static JournalRecord record(int i) {
        return new JournalRecord("id-" + i, ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> readIds(Journal journal) throws Exception {
        List<String> ids = new ArrayList<>();
        long at = journal.checkpointPosition();
        for (JournalBatch batch; (batch = journal.read(at, 100, Duration.ZERO)).next() != at; at = batch.next()) {
            batch.entries().forEach(e -> ids.add(e.id()));
        }
        return ids;
    }

    @Test
    void aFailedFsyncRefusesEveryLaterAppendUntilReopenedAndNothingAcknowledgedIsLost() throws Exception {
        List<String> acknowledged = new ArrayList<>();
        try (Journal journal = files.open(dir, OPTIONS)) {
            for (int i = 0; i < 10; i++) {
                journal.append(List.of(record(i)));
                acknowledged.add("id-" + i);
            }
            long durable = journal.durablePosition();

            files.failNextForces(1);
            assertThatThrownBy(() -> journal.append(List.of(record(10)))).isInstanceOf(IOException.class);

            // fsync works again, but it says nothing of the pages the failed one may have dropped.
            assertThatThrownBy(() -> journal.append(List.of(record(11))))
                    .isInstanceOf(IOException.class).hasMessageContaining("refuses appends");
            assertThat(files.failedForces()).isEqualTo(1);
            assertThat(journal.durablePosition()).isEqualTo(durable);
            assertThat(readIds(journal)).containsExactlyElementsOf(acknowledged);
            JournalHealth health = journal.health();
            assertThat(health.refusingAppends()).isTrue();
            assertThat(health.reason()).contains("fsync").contains("restart");
        }

        try (Journal journal = files.open(dir, OPTIONS)) {
            assertThat(journal.health().degraded()).isFalse();
            journal.append(List.of(record(12)));
            // id-10 reached the file before its fsync failed and was not acknowledged: it may come back, as a resend would.
            assertThat(readIds(journal)).containsSubsequence(acknowledged).contains("id-12").doesNotContain("id-11");
        }
    }

    @Test
    void aFailedFsyncWhenASegmentIsClosedRefusesAppendsToo() throws Exception {
        JournalOptions small = new JournalOptions(1024, Duration.ZERO);
        try (Journal journal = files.open(dir, small)) {
            journal.append(List.of(record(0)));
            files.failNextForces(1);
            // One append larger than a segment: the segment is fsynced as it is closed, mid-append, and that fails.
            List<JournalRecord> batch = IntStream.range(1, 100).mapToObj(JournalSyncFailureTest::record).toList();
            assertThatThrownBy(() -> journal.append(batch)).isInstanceOf(IOException.class);
            assertThat(journal.segmentCount()).isEqualTo(1);

            assertThatThrownBy(() -> journal.append(List.of(record(100)))).hasMessageContaining("refuses appends");
            assertThat(readIds(journal)).containsExactly("id-0");
        }
    }

    @Test
    void concurrentAppendersWaitingOnAFailedGroupCommitAreAllRefused() throws Exception {
        try (Journal journal = files.open(dir, new JournalOptions(64 * 1024, Duration.ofMillis(20)))) {
            journal.append(List.of(record(0)));
            files.failNextForces(1); // the first group's fsync; the next would succeed, and must not acknowledge
            List<Thread> threads = new ArrayList<>();
            List<Throwable> outcomes = java.util.Collections.synchronizedList(new ArrayList<>());
            for (int i : IntStream.rangeClosed(1, 8).toArray()) {
                threads.add(Thread.ofVirtual().start(() -> {
                    try {
                        journal.append(List.of(record(i)));
                        outcomes.add(null);
                    } catch (IOException e) {
                        outcomes.add(e);
                    }
                }));
            }
            for (Thread thread : threads) {
                thread.join();
            }
            assertThat(outcomes).hasSize(8).allMatch(e -> e instanceof IOException);
            assertThat(readIds(journal)).containsExactly("id-0");
        }
    }
}
