package org.rampart.intake.journal;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.rampart.event.datadir.PrivateFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable queue between intake and the pipeline: segmented append-only files under one folder.
 *
 * <p>Positions are byte offsets into the journal as a whole (a segment file is named after the position
 * of its first byte). {@link #append} returns only once the records are fsynced; concurrent appenders
 * share one fsync (group commit). A consumer reads from the checkpoint with {@link #read}, and calls
 * {@link #checkpoint} once what it read is durable downstream; whole segments below the checkpoint are
 * deleted.
 *
 * <p>Bytes that are not a valid record are never silently dropped. On open, the last segment is verified from the
 * checkpoint: a bad range that runs to the end of the file is a torn tail left by a crash during a write (nothing of
 * it was acknowledged) and is cut, after a copy goes to the quarantine folder. Any other bad range (a flipped bit, a
 * bad length field, in any segment) is corruption of acknowledged data: the reader copies exactly that range to the
 * quarantine folder, counts it, and reads on from the next valid record. An fsync that fails makes the journal
 * refuse appends until it is reopened: the kernel may have dropped the dirty pages, so no later fsync proves them
 * durable.
 */
public final class Journal implements Closeable {
    /** Longest id a record may carry, in UTF-8 bytes. */
    public static final int MAX_ID_LENGTH = 255;

    private static final Logger LOG = LoggerFactory.getLogger(Journal.class);
    private static final String CHECKPOINT = "checkpoint";
    /** The most bytes of an append given to one write call; a bigger append takes several. */
    private static final long WRITE_RUN_BYTES = 1 << 20;

    private final Path dir;
    private final JournalOptions options;
    private final JournalFiles files;
    private final DiskSpace space;
    private final Quarantine quarantine;
    private final int maxRecordSize;
    private final ConcurrentSkipListMap<Long, Segment> segments = new ConcurrentSkipListMap<>();
    private final LongAdder appendedRecords = new LongAdder();
    /** End of what was on disk when the journal was opened: records before it and after the checkpoint are replayed. */
    private final long recoveredEnd;

    // Virtual threads call append: ReentrantLock rather than synchronized, which would pin them (JDK 21).
    private final ReentrantLock writeLock = new ReentrantLock();
    private final ReentrantLock syncLock = new ReentrantLock();
    private final ReentrantLock durableLock = new ReentrantLock();
    private final Condition durableAdvanced = durableLock.newCondition();

    private volatile Segment current;
    private volatile long durable;
    private volatile long checkpoint;
    private volatile boolean closed;
    /** The first fsync that failed; appends are refused from then on. */
    private volatile IOException syncFailure;
    /** Set while a corrupt range cannot be copied to the quarantine folder: the reader stops there and retries. */
    private volatile boolean quarantineFailing;

    private Journal(Path dir, JournalOptions options, JournalFiles files, DiskSpace space, long checkpoint)
            throws IOException {
        this.dir = dir;
        this.options = options;
        this.files = files;
        this.space = space;
        this.quarantine = new Quarantine(dir, files);
        this.maxRecordSize = (int) Math.min(Integer.MAX_VALUE - RecordCodec.HEADER, Math.max(options.segmentSize(), 64L << 20));
        this.checkpoint = checkpoint;
        this.recoveredEnd = recover();
        this.durable = recoveredEnd;
    }

    /** Opens (creating if needed, owner-only) the journal in {@code dir}, cutting a torn tail left by a crash. */
    public static Journal open(Path dir, JournalOptions options) throws IOException {
        return open(dir, options, JournalFiles.DEFAULT, null);
    }

    /** As {@link #open(Path, JournalOptions)}, measuring free space for the disk watermark with {@code space}. */
    public static Journal open(Path dir, JournalOptions options, DiskSpace space) throws IOException {
        return open(dir, options, JournalFiles.DEFAULT, space);
    }

    static Journal open(Path dir, JournalOptions options, JournalFiles files) throws IOException {
        return open(dir, options, files, null);
    }

    /** {@code space} null: the filesystem of {@code dir}, found once the folder exists. */
    private static Journal open(Path dir, JournalOptions options, JournalFiles files, DiskSpace space) throws IOException {
        PrivateFiles.createDirectories(dir);
        return new Journal(dir, options, files, space != null ? space : DiskSpace.of(dir), readCheckpoint(dir));
    }

    private long recover() throws IOException {
        try {
            try (Stream<Path> list = Files.list(dir)) {
                for (Path file : list.filter(f -> f.getFileName().toString().endsWith(Segment.SUFFIX)).toList()) {
                    Segment segment = Segment.open(file, files);
                    segments.put(segment.base, segment);
                }
            }
            if (segments.isEmpty()) {
                Segment first = Segment.create(dir, checkpoint, files);
                segments.put(first.base, first);
                syncDirectory();
            }
            Segment last = segments.lastEntry().getValue();
            // Before any repair: with files lost, cutting anything could only lose more.
            if (checkpoint > last.end()) {
                throw new IllegalStateException("journal " + dir + " ends at " + last.end() + " but its checkpoint is "
                        + checkpoint + ": journal files were lost; move the journal folder away to start empty");
            }
            verifyTail(last);
            current = last;
            deleteSegmentsBelowCheckpoint();
            return last.end();
        } catch (IOException | RuntimeException e) {
            for (Segment segment : segments.values()) {
                try {
                    segment.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    /**
     * Verifies the last segment from the checkpoint (what lies before it is in the store and never cut). A bad range
     * that valid records follow is corruption, left for {@link #read} to quarantine; so is a last record whose length
     * ends it exactly at the end of the file but whose checksum fails (a flipped bit; a crash rarely leaves one, as the
     * file size grows after the data is written, and a false alarm costs a look where a cut would lose an event).
     * Anything else at the end (a record running past the end, zeros, a length that fits no record) is a torn tail:
     * copied to the quarantine folder, then cut.
     */
    private void verifyTail(Segment last) throws IOException {
        long fileSize = last.size;
        long offset = Math.max(0, checkpoint - last.base);
        while (offset < fileSize) {
            ByteBuffer record = last.recordAt(offset, fileSize, maxRecordSize);
            if (record != null) {
                offset += record.limit();
                continue;
            }
            long next = last.nextRecordAfter(offset, fileSize, maxRecordSize);
            if (next < fileSize || last.recordLengthEndsAt(offset, fileSize, maxRecordSize)) {
                LOG.error("journal {}: {} bytes at offset {} of {} are not a valid record: corruption, kept and "
                        + "quarantined when read", dir, next - offset, offset, last.file);
                offset = next;
                continue;
            }
            quarantine.tornTail(last, offset, fileSize - offset);
            last.truncate(offset);
            LOG.warn("journal {}: cut a torn tail of {} bytes at offset {} from {} (a crash during a write); a copy is in {}",
                    dir, fileSize - offset, offset, last.file, quarantine.dir());
            return;
        }
    }

    /**
     * Appends the records as one contiguous run and returns once they are fsynced.
     *
     * @return the position after the last record
     */
    public long append(List<JournalRecord> records) throws IOException {
        if (records.isEmpty()) {
            return durable;
        }
        String shortage = diskShortage();
        if (shortage != null) {
            throw new IOException(shortage);
        }
        long end;
        writeLock.lock();
        try {
            ensureOpen();
            ensureSyncsHold();
            Segment first = current;
            long before = first.size;
            try {
                writeRecords(records);
            } catch (IOException | RuntimeException e) {
                if (current == first) {
                    // The next append overwrites what this one half-wrote (writes are positional); cutting it
                    // also keeps a crash from finding it, but may itself fail (the thread is interrupted, say).
                    first.size = before;
                    try {
                        first.channel().truncate(before);
                    } catch (IOException cut) {
                        e.addSuppressed(cut);
                    }
                }
                throw e;
            }
            appendedRecords.add(records.size());
            end = current.end();
        } finally {
            writeLock.unlock();
        }
        awaitSynced(end);
        return end;
    }

    /**
     * Writes the records in runs of up to {@link #WRITE_RUN_BYTES}, one write call per run rather than per record: a
     * bulk request's thousand records took a thousand writes, each a system call and, on a virtual thread, a spare
     * carrier woken to stand in while it blocked.
     */
    private void writeRecords(List<JournalRecord> records) throws IOException {
        int[] sizes = new int[records.size()];
        long total = 0;
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = RecordCodec.encodedSize(records.get(i));
            if (sizes[i] - RecordCodec.HEADER > maxRecordSize) {
                throw new IllegalArgumentException("record of " + sizes[i] + " bytes is larger than the journal allows");
            }
            total += sizes[i];
        }
        ByteBuffer run = ByteBuffer.allocate(0);
        for (int i = 0; i < sizes.length; i++) {
            int size = sizes[i];
            long segmentEnd = current.size + run.position();
            if (segmentEnd > 0 && segmentEnd + size > options.segmentSize()) {
                writeRun(run);
                roll();
            }
            if (run.remaining() < size) {
                writeRun(run);
                run = ByteBuffer.allocate((int) Math.max(size, Math.min(total, WRITE_RUN_BYTES)));
            }
            RecordCodec.encode(records.get(i), run);
            total -= size;
        }
        writeRun(run);
    }

    private void writeRun(ByteBuffer run) throws IOException {
        run.flip();
        current.writeFully(run);
        run.clear();
    }

    /** Closes the current segment (fsynced, so only the newest segment ever needs syncing) and starts the next. */
    private void roll() throws IOException {
        force(current);
        Segment next = Segment.create(dir, current.end(), files);
        segments.put(next.base, next);
        try {
            syncDirectory();
        } catch (IOException e) {
            throw syncFailed(e);
        }
        current = next;
    }

    /** Group commit: whoever gets the sync lock fsyncs everything written so far, for all who wait. */
    private void awaitSynced(long position) throws IOException {
        if (durable >= position) {
            return;
        }
        syncLock.lock();
        try {
            if (durable >= position) {
                return;
            }
            ensureOpen();
            ensureSyncsHold();
            if (!options.groupCommitInterval().isZero()) {
                sleep(options.groupCommitInterval());
            }
            Segment segment;
            long target;
            writeLock.lock();
            try {
                segment = current;
                target = segment.end();
            } finally {
                writeLock.unlock();
            }
            force(segment);
            publishDurable(target);
        } finally {
            syncLock.unlock();
        }
    }

    private void force(Segment segment) throws IOException {
        try {
            segment.channel().force(false);
        } catch (IOException e) {
            throw syncFailed(e);
        }
    }

    /**
     * Remembers a failed fsync, so that appends are refused from now on, and returns it. An interrupt is no such
     * failure: it closes the channel before or during the call, the kernel reported no write error, and a later
     * fsync through a reopened channel covers the same pages.
     */
    private IOException syncFailed(IOException e) {
        if (!(e instanceof ClosedChannelException) && syncFailure == null) {
            syncFailure = e;
            LOG.error("journal {}: an fsync failed; appends are refused until Rampart is restarted and has re-verified "
                    + "the journal (events not yet acknowledged may be lost, acknowledged ones are not)", dir, e);
        }
        return e;
    }

    private void ensureSyncsHold() throws IOException {
        IOException failure = syncFailure;
        if (failure != null) {
            throw new IOException("journal " + dir + " refuses appends since an fsync failed; restart to re-verify it", failure);
        }
    }

    private void publishDurable(long target) {
        durableLock.lock();
        try {
            durable = target;
            durableAdvanced.signalAll();
        } finally {
            durableLock.unlock();
        }
    }

    /**
     * Reads records from {@code position} up to what is durable, at most {@code maxRecords} of them, waiting up to
     * {@code wait} when there is nothing yet. Bytes that are not a valid record are copied to the quarantine folder
     * and passed over, up to the next valid record (or the end of their segment, or of what is durable).
     */
    public JournalBatch read(long position, int maxRecords, Duration wait) throws IOException, InterruptedException {
        if (position < checkpoint) {
            throw new IllegalArgumentException("position " + position + " is below the checkpoint " + checkpoint);
        }
        if (!awaitDurableBeyond(position, wait)) {
            return new JournalBatch(List.of(), position);
        }
        long limit = durable;
        List<JournalEntry> entries = new ArrayList<>();
        long at = position;
        while (at < limit && entries.size() < maxRecords) {
            Segment segment = segmentHolding(at);
            long offset = at - segment.base;
            // Both bounds are record boundaries: a segment's end, and the end of an append (what was fsynced last).
            long bound = Math.min(limit, segment.end()) - segment.base;
            ByteBuffer record = segment.recordAt(offset, bound, maxRecordSize);
            if (record == null) {
                long expectedSize = expectedEnd(segment, limit) - segment.base;
                if (offset >= expectedSize) {
                    break; // a shortened segment whose successor is not durable yet: read on once it is
                }
                at = segment.base + passOver(segment, offset, bound, expectedSize);
                continue;
            }
            entries.add(RecordCodec.decode(record, at, at < recoveredEnd));
            at += record.limit();
        }
        return new JournalBatch(entries, at);
    }

    private Segment segmentHolding(long position) {
        Map.Entry<Long, Segment> floor = segments.floorEntry(position);
        if (floor == null) {
            throw new IllegalStateException("no journal segment in " + dir + " holds position " + position);
        }
        return floor.getValue();
    }

    /**
     * Where {@code segment}'s records end, as far as a reader up to {@code limit} goes: where the next segment starts
     * (a segment that ends short of it lost bytes), or what it and the durable end hold.
     */
    private long expectedEnd(Segment segment, long limit) {
        Long following = segments.higherKey(segment.base);
        return following != null && following <= limit ? following : Math.min(limit, segment.end());
    }

    /**
     * Quarantines the bad range at {@code offset} and returns where reading goes on: the next valid record, or the
     * expected end of the segment when none follows within what the file holds ({@code bound}).
     */
    private long passOver(Segment segment, long offset, long bound, long expectedSize) throws IOException {
        long next = offset < bound ? segment.nextRecordAfter(offset, bound, maxRecordSize) : offset;
        long missing = next >= bound ? expectedSize - next : 0;
        boolean added;
        try {
            added = quarantine.corrupt(segment, offset, next - offset, missing);
            quarantineFailing = false;
        } catch (IOException | RuntimeException e) {
            quarantineFailing = true; // never pass over bytes that are not kept
            throw e;
        }
        if (added) {
            LOG.error("journal {}: {} bytes at offset {} of {} are not a valid record (a corrupt length or checksum){}; "
                    + "copied to {} and passed over, reading on at position {}", dir, next - offset, offset, segment.file,
                    missing > 0 ? " and " + missing + " bytes are missing from the file" : "", quarantine.dir(),
                    segment.base + next + missing);
        }
        return next + missing;
    }

    private boolean awaitDurableBeyond(long position, Duration wait) throws InterruptedException {
        if (durable > position) {
            return true;
        }
        long nanos = wait.toNanos();
        durableLock.lock();
        try {
            while (durable <= position && !closed) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = durableAdvanced.awaitNanos(nanos);
            }
            return durable > position;
        } finally {
            durableLock.unlock();
        }
    }

    /**
     * Records that everything before {@code position} is durable downstream (atomically: temp file, fsync,
     * rename) and deletes the segments that lie wholly below it.
     */
    public void checkpoint(long position) throws IOException {
        if (position < checkpoint) {
            return;
        }
        if (position > durable) {
            throw new IllegalArgumentException("checkpoint " + position + " is past the durable end " + durable);
        }
        Path temp = dir.resolve(CHECKPOINT + ".tmp");
        try (FileChannel channel = files.open(temp, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING))) {
            channel.write(ByteBuffer.wrap((position + "\n").getBytes(StandardCharsets.US_ASCII)));
            channel.force(true);
        }
        try {
            Files.move(temp, dir.resolve(CHECKPOINT), StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the journal folder " + dir + " needs a file system with atomic rename", e);
        }
        syncDirectory();
        checkpoint = position;
        writeLock.lock();
        try {
            deleteSegmentsBelowCheckpoint();
        } finally {
            writeLock.unlock();
        }
    }

    private void deleteSegmentsBelowCheckpoint() throws IOException {
        for (Segment segment : List.copyOf(segments.values())) {
            if (segment != current && segment.end() <= checkpoint) {
                segments.remove(segment.base);
                segment.close();
                Files.deleteIfExists(segment.file);
            }
        }
    }

    private static long readCheckpoint(Path dir) throws IOException {
        Path file = dir.resolve(CHECKPOINT);
        if (!Files.exists(file)) {
            return 0;
        }
        String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            // The rename is atomic, so a partial file means someone else wrote it: refuse rather than replay wrongly.
            throw new IOException("journal checkpoint " + file + " is not a number: '" + text + "'", e);
        }
    }

    private void syncDirectory() throws IOException {
        try (FileChannel channel = files.open(dir, Set.of(StandardOpenOption.READ))) {
            channel.force(true);
        }
    }

    /** Where the consumer starts after a restart: everything before it is durable downstream. */
    public long checkpointPosition() {
        return checkpoint;
    }

    /** The end of what is fsynced. */
    public long durablePosition() {
        return durable;
    }

    /** Bytes on disk not yet checkpointed: what intake compares with {@code journal.max_unconsumed}. */
    public long unconsumedBytes() {
        return current.end() - checkpoint;
    }

    /**
     * Why appends are refused for lack of space ({@link JournalOptions#lowWatermark}), or null while there is enough;
     * measured on each call, so appends resume as soon as space is freed.
     */
    public String diskShortage() {
        if (options.lowWatermark().equals(DiskWatermark.NONE)) {
            return null;
        }
        try {
            DiskSpace.Reading reading = space.read();
            return options.lowWatermark().shortage(reading.usableBytes(), reading.totalBytes());
        } catch (IOException e) {
            LOG.warn("cannot read the free space of {}; not refusing events for it", dir, e);
            return null;
        }
    }

    /** Whether appends are refused and records were quarantined, with the reason for an operator. */
    public JournalHealth health() {
        String shortage = diskShortage();
        boolean refusing = syncFailure != null || shortage != null;
        long quarantined = quarantine.corruptRecords();
        List<String> reasons = new ArrayList<>();
        if (syncFailure != null) {
            reasons.add("an fsync of the journal failed: appends are refused until Rampart is restarted");
        }
        if (shortage != null) {
            reasons.add(shortage);
        }
        if (quarantineFailing) {
            reasons.add("a corrupt journal record cannot be copied to the quarantine folder (disk full?): the pipeline "
                    + "waits before it; see the log");
        }
        if (quarantined > 0) {
            // No path here: /status answers anyone who can reach the intake.
            reasons.add(quarantined + " corrupt journal record(s) were passed over and kept in the journal's "
                    + Quarantine.FOLDER + " folder; see the log, and remove the files once handled");
        }
        return new JournalHealth(refusing, quarantined, reasons.isEmpty() ? null : String.join("; ", reasons));
    }

    /** Records appended since this journal was opened (a tail recovered at open is not among them), for metrics. */
    public long appendedRecords() {
        return appendedRecords.sum();
    }

    /** The number of segment files, for tests and metrics. */
    public int segmentCount() {
        return segments.size();
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("journal " + dir + " is closed");
        }
    }

    private static void sleep(Duration duration) throws IOException {
        try {
            TimeUnit.NANOSECONDS.sleep(duration.toNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the group commit", e);
        }
    }

    /** Fsyncs what is written and closes the files; readers waiting for data return empty. */
    @Override
    public void close() throws IOException {
        // Same order as awaitSynced (sync, then write), so a closing thread and a syncing one cannot deadlock.
        syncLock.lock();
        writeLock.lock();
        try {
            if (closed) {
                return;
            }
            if (syncFailure == null) {
                current.channel().force(false);
            }
            closed = true;
            for (Segment segment : segments.values()) {
                segment.close();
            }
        } finally {
            writeLock.unlock();
            syncLock.unlock();
        }
        durableLock.lock();
        try {
            durableAdvanced.signalAll();
        } finally {
            durableLock.unlock();
        }
    }
}
