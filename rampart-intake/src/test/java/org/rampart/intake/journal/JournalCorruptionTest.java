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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The reader and the open-time verification against damaged segments: exactly the bad record is passed over and kept
 * in the quarantine folder, every other acknowledged record is read, and nothing checkpointed or followed by valid
 * records is cut. (CorruptJournalToStoreTest in rampart-server drives the same damage through the workers to the store.)
 */
class JournalCorruptionTest {
    private static final JournalOptions ONE_SEGMENT = new JournalOptions(1 << 20, Duration.ZERO);
    private static final JournalOptions SMALL_SEGMENTS = new JournalOptions(4096, Duration.ZERO);
    private static final int RECORDS = 200;

    @TempDir
    Path dir;

    private static JournalRecord record(int i) {
        // About 140 bytes: some 29 records to a small segment.
        return new JournalRecord("id-" + i, ("{\"summary\": \"event " + i + "\", \"details\": {\"padding\": \""
                + "x".repeat(100) + "\"}}").getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> ids(List<JournalEntry> entries) {
        return entries.stream().map(JournalEntry::id).toList();
    }

    private static List<String> idsExcept(int... missing) {
        return IntStream.range(0, RECORDS).filter(i -> Arrays.stream(missing).noneMatch(m -> m == i))
                .mapToObj(i -> "id-" + i).toList();
    }

    /** Appends the records one by one (each acknowledged) and returns them as read back, with their positions. */
    private List<JournalEntry> writeAcknowledged(JournalOptions options) throws Exception {
        try (Journal journal = Journal.open(dir, options)) {
            for (int i = 0; i < RECORDS; i++) {
                journal.append(List.of(record(i)));
            }
            return readAll(journal, 0);
        }
    }

    private static List<JournalEntry> readAll(Journal journal, long from) throws Exception {
        List<JournalEntry> all = new ArrayList<>();
        long at = from;
        while (true) {
            JournalBatch batch = journal.read(at, 50, Duration.ZERO);
            if (batch.next() == at) {
                return all;
            }
            all.addAll(batch.entries());
            at = batch.next();
        }
    }

    private List<Path> segmentFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(Segment.SUFFIX)).sorted().toList();
        }
    }

    /** The written entries that lie in {@code segment}. */
    private List<JournalEntry> in(List<JournalEntry> written, Path segment) throws IOException {
        return written.stream().filter(e -> {
            try {
                return segmentHolding(e.position()).equals(segment);
            } catch (IOException ex) {
                throw new java.io.UncheckedIOException(ex);
            }
        }).toList();
    }

    private Path segmentHolding(long position) throws IOException {
        return segmentFiles().stream().filter(f -> Segment.baseOf(f) <= position).toList().getLast();
    }

    private byte[] bytes(long position, int length) throws IOException {
        Path file = segmentHolding(position);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(length);
            channel.read(buffer, position - Segment.baseOf(file));
            return buffer.array();
        }
    }

    private void overwrite(long position, byte[] bytes) throws IOException {
        Path file = segmentHolding(position);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(bytes), position - Segment.baseOf(file));
        }
    }

    private void flipBit(long position) throws IOException {
        byte[] one = bytes(position, 1);
        one[0] ^= 0x10;
        overwrite(position, one);
    }

    private byte[] recordBytes(JournalEntry entry) throws IOException {
        return bytes(entry.position(), (int) (entry.next() - entry.position()));
    }

    private List<Path> quarantined(String suffix) throws IOException {
        Path folder = dir.resolve(Quarantine.FOLDER);
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.toString().endsWith(suffix)).toList();
        }
    }

    /** The raw bytes a quarantine file keeps, after its lines of context and the blank line. */
    private static byte[] rawBytes(Path quarantineFile) throws IOException {
        byte[] all = Files.readAllBytes(quarantineFile);
        String text = new String(all, StandardCharsets.ISO_8859_1);
        return Arrays.copyOfRange(all, text.indexOf("\n\n") + 2, all.length);
    }

    private void assertOnlyQuarantined(JournalEntry bad, byte[] original) throws IOException {
        List<Path> files = quarantined(Quarantine.CORRUPT);
        assertThat(files).hasSize(1);
        String context = Files.readString(files.getFirst(), StandardCharsets.ISO_8859_1);
        assertThat(context).contains("segment: " + segmentHolding(bad.position()).getFileName())
                .contains("position: " + bad.position());
        byte[] kept = rawBytes(files.getFirst());
        assertThat(kept).hasSize(original.length);
        assertThat(kept).isNotEqualTo(original).isEqualTo(recordBytes(bad)); // the damaged bytes, as found
    }

    @Test
    void aFlippedBitInTheMiddleOfTheLastSegmentCostsThatRecordOnlyAndTheSegmentIsNotCut() throws Exception {
        List<JournalEntry> written = writeAcknowledged(ONE_SEGMENT);
        JournalEntry bad = written.get(100);
        byte[] original = recordBytes(bad);
        long size = Files.size(segmentHolding(0));
        flipBit(bad.position() + 12);

        try (Journal journal = Journal.open(dir, ONE_SEGMENT)) {
            assertThat(Files.size(segmentHolding(0))).isEqualTo(size);
            assertThat(journal.durablePosition()).isEqualTo(written.getLast().next());
            assertThat(journal.health().degraded()).isFalse(); // found at open, counted once read

            assertThat(ids(readAll(journal, 0))).containsExactlyElementsOf(idsExcept(100));

            assertOnlyQuarantined(bad, original);
            JournalHealth health = journal.health();
            assertThat(health.quarantinedRecords()).isEqualTo(1);
            assertThat(health.refusingAppends()).isFalse();
            assertThat(health.reason()).contains("1 corrupt journal record").doesNotContain(dir.toString());
        }
        try (Journal journal = Journal.open(dir, ONE_SEGMENT)) {
            assertThat(journal.health().quarantinedRecords()).isEqualTo(1); // the file is still there
            assertThat(ids(readAll(journal, 0))).containsExactlyElementsOf(idsExcept(100));
            assertThat(quarantined(Quarantine.CORRUPT)).hasSize(1); // read again: not kept twice
        }
    }

    /** The length field is the hard case: the reader cannot trust it to find the next record. */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"set, 0", "set, 1", "set, -1", "set, 2147483647", "set, 67108864", "add, -7", "add, 7", "add, 300"})
    void aCorruptLengthFieldCostsThatRecordOnlyInTheLastAndInAnOlderSegment(String how, int value) throws Exception {
        List<JournalEntry> written = writeAcknowledged(SMALL_SEGMENTS);
        List<Path> segments = segmentFiles();
        assertThat(segments).hasSizeGreaterThan(3);
        List<JournalEntry> older = in(written, segments.get(1));
        List<JournalEntry> last = in(written, segments.getLast());
        List<JournalEntry> bad = List.of(older.get(older.size() / 2), last.get(last.size() / 2));
        for (JournalEntry entry : bad) {
            int length = (int) (entry.next() - entry.position()) - RecordCodec.HEADER;
            // "add": a plausible length that stops inside this record or runs into the next ones.
            int corrupt = how.equals("set") ? value : length + value;
            overwrite(entry.position(), ByteBuffer.allocate(4).putInt(corrupt).array());
        }

        try (Journal journal = Journal.open(dir, SMALL_SEGMENTS)) {
            assertThat(ids(readAll(journal, 0)))
                    .containsExactlyElementsOf(idsExcept(written.indexOf(bad.get(0)), written.indexOf(bad.get(1))));
            assertThat(journal.health().quarantinedRecords()).isEqualTo(2);
        }
    }

    @ParameterizedTest(name = "record {0} of the second segment")
    @ValueSource(strings = {"first", "middle", "last"})
    void aFlippedBitInAnOlderSegmentCostsThatRecordOnly(String where) throws Exception {
        List<JournalEntry> written = writeAcknowledged(SMALL_SEGMENTS);
        List<JournalEntry> inSegment = in(written, segmentFiles().get(1));
        JournalEntry bad = switch (where) {
            case "first" -> inSegment.getFirst();
            case "middle" -> inSegment.get(inSegment.size() / 2);
            default -> inSegment.getLast();
        };
        byte[] original = recordBytes(bad);
        flipBit(bad.next() - 1); // the payload's last byte

        try (Journal journal = Journal.open(dir, SMALL_SEGMENTS)) {
            assertThat(ids(readAll(journal, 0))).containsExactlyElementsOf(idsExcept(written.indexOf(bad)));
            assertOnlyQuarantined(bad, original);
        }
    }

    /** A file system that lost the end of a closed segment: part of its last record, or all of it. */
    @ParameterizedTest(name = "{0} bytes cut")
    @ValueSource(ints = {5, 0})
    void aTruncatedOlderSegmentCostsItsLastRecordOnlyAndIsReported(int cut) throws Exception {
        List<JournalEntry> written = writeAcknowledged(SMALL_SEGMENTS);
        Path second = segmentFiles().get(1);
        JournalEntry lastOfSecond = in(written, second).getLast();
        int recordSize = (int) (lastOfSecond.next() - lastOfSecond.position());
        int lost = cut == 0 ? recordSize : cut; // 0: the whole record, so the file ends on a record boundary
        try (FileChannel channel = FileChannel.open(second, StandardOpenOption.WRITE)) {
            channel.truncate(channel.size() - lost);
        }

        try (Journal journal = Journal.open(dir, SMALL_SEGMENTS)) {
            assertThat(ids(readAll(journal, 0))).containsExactlyElementsOf(idsExcept(written.indexOf(lastOfSecond)));
            Path kept = quarantined(Quarantine.CORRUPT).getFirst();
            assertThat(rawBytes(kept)).hasSize(recordSize - lost);
            assertThat(Files.readString(kept, StandardCharsets.ISO_8859_1)).contains("missing: " + lost + " bytes");
            assertThat(journal.health().quarantinedRecords()).isEqualTo(1);
        }
    }

    @Test
    void aFlippedBitInTheLastRecordIsQuarantinedNotCut() throws Exception {
        List<JournalEntry> written = writeAcknowledged(ONE_SEGMENT);
        JournalEntry bad = written.getLast();
        byte[] original = recordBytes(bad);
        flipBit(bad.next() - 2);

        try (Journal journal = Journal.open(dir, ONE_SEGMENT)) {
            assertThat(journal.durablePosition()).isEqualTo(bad.next());
            journal.append(List.of(record(RECORDS)));

            List<String> expected = new ArrayList<>(idsExcept(RECORDS - 1));
            expected.add("id-" + RECORDS);
            assertThat(ids(readAll(journal, 0))).containsExactlyElementsOf(expected);
            assertOnlyQuarantined(bad, original);
        }
    }

    @Test
    void aTornTailIsKeptInTheQuarantineFolderButNotCountedAsCorruption() throws Exception {
        List<JournalEntry> written = writeAcknowledged(ONE_SEGMENT);
        JournalEntry last = written.getLast();
        byte[] tail = recordBytes(last);
        try (FileChannel channel = FileChannel.open(segmentHolding(0), StandardOpenOption.WRITE)) {
            channel.truncate(last.next() - 3); // a crash half-way through the last write
        }

        try (Journal journal = Journal.open(dir, ONE_SEGMENT)) {
            assertThat(journal.durablePosition()).isEqualTo(last.position());
            assertThat(ids(readAll(journal, 0))).containsExactlyElementsOf(idsExcept(RECORDS - 1));
            assertThat(journal.health().degraded()).isFalse();
            assertThat(rawBytes(quarantined(Quarantine.TORN).getFirst())).isEqualTo(Arrays.copyOf(tail, tail.length - 3));
        }
    }

    @Test
    void aCheckpointPastTheEndIsRefusedBeforeAnyRepairTouchesTheFile() throws Exception {
        long end;
        try (Journal journal = Journal.open(dir, ONE_SEGMENT)) {
            journal.append(List.of(record(1)));
            end = journal.append(List.of(record(2)));
            journal.checkpoint(end);
        }
        try (FileChannel channel = FileChannel.open(segmentHolding(0), StandardOpenOption.WRITE)) {
            channel.truncate(end - 3); // the file system lost the end of what the checkpoint says was consumed
        }

        assertThatThrownBy(() -> Journal.open(dir, ONE_SEGMENT)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("checkpoint");
        assertThat(Files.size(segmentHolding(0))).isEqualTo(end - 3); // record 2's remains are still there
        assertThat(quarantined(Quarantine.TORN)).isEmpty();
    }

    @Test
    void aCorruptRecordBelowTheCheckpointIsNeitherCutNorRead() throws Exception {
        long end;
        try (Journal journal = Journal.open(dir, ONE_SEGMENT)) {
            journal.append(List.of(record(1)));
            end = journal.append(List.of(record(2)));
            journal.checkpoint(end);
        }
        flipBit(end - 2);

        try (Journal journal = Journal.open(dir, ONE_SEGMENT)) {
            assertThat(Files.size(segmentHolding(0))).isEqualTo(end);
            journal.append(List.of(record(3)));
            assertThat(ids(readAll(journal, journal.checkpointPosition()))).containsExactly("id-3");
            assertThat(journal.health().degraded()).isFalse();
        }
    }

    @Test
    void aCorruptRecordThatCannotBeQuarantinedStopsTheReaderAndIsReportedUntilItCanBe() throws Exception {
        List<JournalEntry> written = writeAcknowledged(ONE_SEGMENT);
        flipBit(written.get(5).position() + 12);
        FaultyFiles files = new FaultyFiles();
        try (Journal journal = files.open(dir, ONE_SEGMENT)) {
            files.failNextForces(1); // the quarantine file's fsync

            assertThatThrownBy(() -> readAll(journal, 0)).isInstanceOf(IOException.class);
            assertThat(journal.health().reason()).contains("cannot be copied");
            assertThat(journal.health().refusingAppends()).isFalse();

            assertThat(ids(readAll(journal, 0))).containsExactlyElementsOf(idsExcept(5));
            assertThat(journal.health().reason()).doesNotContain("cannot be copied");
            assertThat(journal.health().quarantinedRecords()).isEqualTo(1);
        }
    }

    @Test
    void corruptionFoundWhileRunningIsPassedOverUpToWhatIsDurableAndTheReaderGoesOn() throws Exception {
        try (Journal journal = Journal.open(dir, ONE_SEGMENT)) {
            journal.append(List.of(record(1)));
            long end = journal.append(List.of(record(2)));
            flipBit(end - 2);

            JournalBatch first = journal.read(0, 10, Duration.ZERO);
            assertThat(ids(first.entries())).containsExactly("id-1");
            assertThat(first.next()).isEqualTo(end); // past the bad record, though no record came after it
            assertThat(journal.health().quarantinedRecords()).isEqualTo(1);

            journal.append(List.of(record(3)));
            assertThat(ids(journal.read(first.next(), 10, Duration.ZERO).entries())).containsExactly("id-3");
        }
    }
}
