package org.rampart.intake.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {
    private static final JournalOptions SMALL_SEGMENTS = new JournalOptions(4096, Duration.ZERO);
    private static final Duration NO_WAIT = Duration.ZERO;

    @TempDir
    Path dir;

    private static JournalRecord record(int i) {
        return new JournalRecord("id-" + i, ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> ids(List<JournalEntry> entries) {
        return entries.stream().map(JournalEntry::id).toList();
    }

    private static List<JournalEntry> readAll(Journal journal, long from) throws Exception {
        List<JournalEntry> all = new ArrayList<>();
        long at = from;
        while (true) {
            JournalBatch batch = journal.read(at, 100, NO_WAIT);
            if (batch.next() == at) {
                return all;
            }
            all.addAll(batch.entries());
            at = batch.next();
        }
    }

    private Path lastSegment() throws IOException {
        return lastSegment(dir);
    }

    private static Path lastSegment(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".seg")).sorted().toList().getLast();
        }
    }

    @Test
    void appendedRecordsReadBackInOrderWithTheirPayload() throws Exception {
        try (Journal journal = Journal.open(dir, SMALL_SEGMENTS)) {
            journal.append(List.of(record(1), record(2)));
            journal.append(List.of(record(3)));

            List<JournalEntry> entries = readAll(journal, 0);

            assertThat(ids(entries)).containsExactly("id-1", "id-2", "id-3");
            assertThat(new String(entries.get(1).payload(), StandardCharsets.UTF_8)).isEqualTo("{\"n\":2}");
            assertThat(entries).noneMatch(JournalEntry::replayed);
            assertThat(entries.get(1).position()).isEqualTo(entries.get(0).next());
        }
    }

    @Test
    void recordsSurviveReopenAndAreMarkedReplayedAfterTheCheckpoint() throws Exception {
        long afterFirst;
        try (Journal journal = Journal.open(dir, SMALL_SEGMENTS)) {
            afterFirst = journal.append(List.of(record(1)));
            journal.append(List.of(record(2), record(3)));
            journal.checkpoint(afterFirst);
        }
        try (Journal journal = Journal.open(dir, SMALL_SEGMENTS)) {
            assertThat(journal.checkpointPosition()).isEqualTo(afterFirst);
            journal.append(List.of(record(4)));

            List<JournalEntry> entries = readAll(journal, journal.checkpointPosition());

            assertThat(ids(entries)).containsExactly("id-2", "id-3", "id-4");
            assertThat(entries).extracting(JournalEntry::replayed).containsExactly(true, true, false);
        }
    }

    @Test
    void truncatedTailIsCutOnOpenAndAppendsContinueAfterTheLastGoodRecord() throws Exception {
        long end;
        try (Journal journal = Journal.open(dir, SMALL_SEGMENTS)) {
            journal.append(List.of(record(1)));
            end = journal.append(List.of(record(2)));
        }
        Path segment = lastSegment();
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            channel.truncate(end - 3); // a crash half-way through record 2
        }
        try (Journal journal = Journal.open(dir, SMALL_SEGMENTS)) {
            journal.append(List.of(record(3)));
            assertThat(ids(readAll(journal, 0))).containsExactly("id-1", "id-3");
        }
    }

    @Test
    void zeroFilledOrGarbageTailIsCut() throws Exception {
        long end;
        try (Journal journal = Journal.open(dir, SMALL_SEGMENTS)) {
            end = journal.append(List.of(record(1)));
        }
        try (FileChannel channel = FileChannel.open(lastSegment(), StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.allocate(100), end); // file size grew but the data never made it
            channel.write(ByteBuffer.wrap(new byte[] {0, 0, 0, 40, 1, 2, 3, 4, 5}), end + 100);
        }
        try (Journal journal = Journal.open(dir, SMALL_SEGMENTS)) {
            assertThat(journal.durablePosition()).isEqualTo(end);
            assertThat(Files.size(lastSegment())).isEqualTo(end);
        }
    }

    @Test
    void segmentsRollAndCheckpointDeletesThoseWhollyBelowIt() throws Exception {
        try (Journal journal = Journal.open(dir, SMALL_SEGMENTS)) {
            for (int i = 0; i < 1000; i++) {
                journal.append(List.of(record(i)));
            }
            assertThat(journal.segmentCount()).isGreaterThan(2);
            List<JournalEntry> all = readAll(journal, 0);
            assertThat(all).hasSize(1000);

            journal.checkpoint(all.get(950).position());

            assertThat(journal.segmentCount()).isLessThan(3);
            assertThat(ids(readAll(journal, journal.checkpointPosition())))
                    .containsExactlyElementsOf(IntStream.range(950, 1000).mapToObj(i -> "id-" + i).toList());
        }
        try (Journal journal = Journal.open(dir, SMALL_SEGMENTS)) {
            assertThat(readAll(journal, journal.checkpointPosition())).hasSize(50);
        }
    }

    @Test
    void aBigAppendIsWrittenInRunsNotRecordByRecordAndRollsSegmentsBetweenRecords() throws Exception {
        AtomicInteger writes = new AtomicInteger();
        JournalFiles counting = (path, options) -> new ForwardingFileChannel(JournalFiles.DEFAULT.open(path, options)) {
            @Override
            public int write(ByteBuffer src, long position) throws IOException {
                writes.incrementAndGet();
                return super.write(src, position);
            }
        };
        List<JournalRecord> thousand = IntStream.range(0, 1000).mapToObj(JournalTest::record).toList();
        try (Journal journal = Journal.open(dir, new JournalOptions(64 * 1024 * 1024, Duration.ZERO), counting)) {
            journal.append(thousand);

            assertThat(writes).hasValue(1);
            assertThat(ids(readAll(journal, 0))).containsExactlyElementsOf(thousand.stream().map(JournalRecord::id).toList());
        }
        writes.set(0);
        try (Journal journal = Journal.open(dir.resolve("small"), SMALL_SEGMENTS, counting)) {
            journal.append(thousand);

            assertThat(journal.segmentCount()).isGreaterThan(5);
            assertThat(writes.get()).isLessThanOrEqualTo(journal.segmentCount());
            assertThat(ids(readAll(journal, 0))).containsExactlyElementsOf(thousand.stream().map(JournalRecord::id).toList());
        }
        try (Journal journal = Journal.open(dir.resolve("small"), SMALL_SEGMENTS)) {
            assertThat(readAll(journal, 0)).hasSize(1000);
        }
    }

    @Test
    void checkpointBelowTheCurrentOneIsIgnoredAndPastTheEndIsRefused() throws Exception {
        try (Journal journal = Journal.open(dir, SMALL_SEGMENTS)) {
            long end = journal.append(List.of(record(1), record(2)));
            journal.checkpoint(end);
            journal.checkpoint(0);
            assertThat(journal.checkpointPosition()).isEqualTo(end);
            assertThat(journal.unconsumedBytes()).isZero();
            assertThatThrownBy(() -> journal.checkpoint(end + 1)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void concurrentAppendersLoseNothingAndShareSyncs() throws Exception {
        int writers = 16;
        int perWriter = 200;
        try (Journal journal = Journal.open(dir, new JournalOptions(64 * 1024, Duration.ofMillis(1)));
                ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < perWriter; i++) {
                        journal.append(List.of(record(writer * perWriter + i)));
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
            List<JournalEntry> all = readAll(journal, 0);
            Set<String> unique = new HashSet<>(ids(all));
            assertThat(all).hasSize(writers * perWriter);
            assertThat(unique).hasSize(writers * perWriter);
        }
    }

    @Test
    void readWaitsForAnAppendFromAnotherThread() throws Exception {
        try (Journal journal = Journal.open(dir, SMALL_SEGMENTS);
                ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<List<JournalEntry>> reader = pool.submit(() -> journal.read(0, 10, Duration.ofSeconds(10)).entries());
            Thread.sleep(50);
            journal.append(List.of(record(7)));
            assertThat(ids(reader.get())).containsExactly("id-7");
        }
    }

    @Test
    void anInterruptedAppenderFailsAloneAndTheJournalKeepsWorking() throws Exception {
        try (Journal journal = Journal.open(dir, SMALL_SEGMENTS)) {
            journal.append(List.of(record(1)));
            // An interrupt during FileChannel I/O closes the channel for every thread that shares it.
            Thread.currentThread().interrupt();
            assertThatThrownBy(() -> journal.append(List.of(record(2)))).isInstanceOf(IOException.class);
            assertThat(Thread.interrupted()).isTrue();

            journal.append(List.of(record(3)));

            assertThat(ids(readAll(journal, 0))).containsExactly("id-1", "id-3");
        }
        try (Journal journal = Journal.open(dir, SMALL_SEGMENTS)) {
            assertThat(ids(readAll(journal, 0))).containsExactly("id-1", "id-3");
        }
    }

    @Test
    void foldersAndFilesAreTheOwnersAlone() throws Exception {
        Assumptions.assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
        Path journalDir = dir.resolve("data/journal");
        long end;
        try (Journal journal = Journal.open(journalDir, SMALL_SEGMENTS)) {
            for (int i = 0; i < 200; i++) { // several segments
                journal.append(List.of(record(i)));
            }
            journal.checkpoint(readAll(journal, 0).get(10).position());
            end = journal.durablePosition();
        }
        try (FileChannel channel = FileChannel.open(lastSegment(journalDir), StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.allocate(3), end - Segment.baseOf(lastSegment(journalDir))); // a torn tail
        }
        try (Journal journal = Journal.open(journalDir, SMALL_SEGMENTS)) {
            assertThat(journal.durablePosition()).isEqualTo(end);
        }

        List<Path> created;
        try (Stream<Path> walk = Files.walk(dir.resolve("data"))) {
            created = walk.toList();
        }
        assertThat(created).filteredOn(f -> f.toString().endsWith(Segment.SUFFIX)).hasSizeGreaterThan(1);
        assertThat(created).filteredOn(f -> f.getFileName().toString().equals("checkpoint")).hasSize(1);
        assertThat(created).filteredOn(f -> f.toString().endsWith(Quarantine.TORN)).hasSize(1);
        assertThat(created).filteredOn(Files::isRegularFile)
                .allSatisfy(f -> assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).as(f.toString())
                        .isEqualTo("rw-------"));
        assertThat(created).filteredOn(Files::isDirectory).hasSize(3) // data, journal, quarantine
                .allSatisfy(d -> assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(d))).as(d.toString())
                        .isEqualTo("rwx------"));
    }

    @Test
    void lostSegmentsBehindTheCheckpointAreReportedNotSilentlyReplayed() throws Exception {
        try (Journal journal = Journal.open(dir, SMALL_SEGMENTS)) {
            journal.checkpoint(journal.append(List.of(record(1))));
        }
        try (FileChannel channel = FileChannel.open(lastSegment(), StandardOpenOption.WRITE)) {
            channel.truncate(0); // the file system lost what the checkpoint says was consumed
        }
        assertThatThrownBy(() -> Journal.open(dir, SMALL_SEGMENTS)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("checkpoint");
    }
}
