package org.rampart.intake.journal;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
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
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable queue between intake and the pipeline: segmented append-only files under one folder.
 *
 * <p>Positions are byte offsets into the journal as a whole (a segment file is named after the position
 * of its first byte). {@link #append} returns only once the records are fsynced; concurrent appenders
 * share one fsync (group commit). A consumer reads from the checkpoint with {@link #read}, and calls
 * {@link #checkpoint} once what it read is durable downstream; whole segments below the checkpoint are
 * deleted. On open, a torn or corrupt tail left by a crash is cut at the last record whose checksum holds.
 */
public final class Journal implements Closeable {
    /** Longest id a record may carry, in UTF-8 bytes. */
    public static final int MAX_ID_LENGTH = 255;

    private static final Logger LOG = LoggerFactory.getLogger(Journal.class);
    private static final String CHECKPOINT = "checkpoint";

    private final Path dir;
    private final JournalOptions options;
    private final int maxRecordSize;
    private final ConcurrentSkipListMap<Long, Segment> segments = new ConcurrentSkipListMap<>();
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

    private Journal(Path dir, JournalOptions options, long checkpoint) {
        this.dir = dir;
        this.options = options;
        this.maxRecordSize = (int) Math.min(Integer.MAX_VALUE - RecordCodec.HEADER, Math.max(options.segmentSize(), 64L << 20));
        this.checkpoint = checkpoint;
        this.recoveredEnd = recover();
        this.durable = recoveredEnd;
    }

    /** Opens (creating if needed) the journal in {@code dir}, cutting a torn tail left by a crash. */
    public static Journal open(Path dir, JournalOptions options) throws IOException {
        Files.createDirectories(dir);
        try {
            return new Journal(dir, options, readCheckpoint(dir));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private long recover() {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(Segment.SUFFIX)).toList()) {
                Segment segment = Segment.open(file);
                segments.put(segment.base, segment);
            }
            if (segments.isEmpty()) {
                Segment first = Segment.create(dir, checkpoint);
                segments.put(first.base, first);
                syncDirectory();
            }
            Segment last = segments.lastEntry().getValue();
            long cut = last.truncateTornTail(maxRecordSize);
            if (cut > 0) {
                LOG.warn("journal {}: cut a torn tail of {} bytes from {} (a crash during a write)", dir, cut, last.file);
            }
            current = last;
            if (checkpoint > last.end()) {
                throw new IllegalStateException("journal " + dir + " ends at " + last.end() + " but its checkpoint is "
                        + checkpoint + ": journal files were lost; move the journal folder away to start empty");
            }
            deleteSegmentsBelowCheckpoint();
            return last.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
        long end;
        writeLock.lock();
        try {
            ensureOpen();
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
            end = current.end();
        } finally {
            writeLock.unlock();
        }
        awaitSynced(end);
        return end;
    }

    private void writeRecords(List<JournalRecord> records) throws IOException {
        for (JournalRecord record : records) {
            int size = RecordCodec.encodedSize(record);
            if (size - RecordCodec.HEADER > maxRecordSize) {
                throw new IllegalArgumentException("record of " + size + " bytes is larger than the journal allows");
            }
            if (current.size > 0 && current.size + size > options.segmentSize()) {
                roll();
            }
            ByteBuffer buffer = ByteBuffer.allocate(size);
            RecordCodec.encode(record, buffer);
            buffer.flip();
            current.writeFully(buffer);
        }
    }

    /** Closes the current segment (fsynced, so only the newest segment ever needs syncing) and starts the next. */
    private void roll() throws IOException {
        current.channel().force(false);
        Segment next = Segment.create(dir, current.end());
        segments.put(next.base, next);
        syncDirectory();
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
            segment.channel().force(false);
            publishDurable(target);
        } finally {
            syncLock.unlock();
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
     * Reads records from {@code position} up to what is durable, at most {@code maxRecords} of them, waiting up
     * to {@code wait} when there is nothing yet. Returns an empty list when nothing arrived in time.
     */
    public List<JournalEntry> read(long position, int maxRecords, Duration wait) throws IOException, InterruptedException {
        if (position < checkpoint) {
            throw new IllegalArgumentException("position " + position + " is below the checkpoint " + checkpoint);
        }
        if (!awaitDurableBeyond(position, wait)) {
            return List.of();
        }
        long limit = durable;
        List<JournalEntry> entries = new ArrayList<>();
        long at = position;
        ByteBuffer header = ByteBuffer.allocate(RecordCodec.HEADER);
        while (at < limit && entries.size() < maxRecords) {
            Map.Entry<Long, Segment> floor = segments.floorEntry(at);
            if (floor == null) {
                throw new IllegalStateException("no journal segment holds position " + at);
            }
            Segment segment = floor.getValue();
            if (at >= segment.end()) {
                // Only a segment that has been rolled can be ended here: the next one starts exactly at its end.
                Map.Entry<Long, Segment> next = segments.higherEntry(segment.base);
                if (next == null || next.getKey() != at) {
                    throw new IllegalStateException("journal position " + at + " lies after segment " + segment.file);
                }
                continue;
            }
            long offset = at - segment.base;
            header.clear();
            segment.readFully(header, offset);
            int length = header.getInt(0);
            if (length < 2 || length > maxRecordSize) {
                throw new IOException("corrupt journal record at " + at + " in " + segment.file);
            }
            ByteBuffer record = ByteBuffer.allocate(RecordCodec.HEADER + length);
            segment.readFully(record, offset);
            if (RecordCodec.checksum(record, 0, length) != record.getInt(4)) {
                throw new IOException("journal record at " + at + " in " + segment.file + " fails its checksum");
            }
            long next = at + RecordCodec.HEADER + length;
            entries.add(RecordCodec.decode(record.position(RecordCodec.HEADER), at, next, at < recoveredEnd));
            at = next;
        }
        return entries;
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
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
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
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
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
            current.channel().force(false);
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
