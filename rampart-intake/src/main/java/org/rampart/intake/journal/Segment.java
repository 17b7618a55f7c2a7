package org.rampart.intake.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/** One journal file, named after the journal position of its first byte. */
final class Segment {
    static final String SUFFIX = ".seg";
    private static final Set<StandardOpenOption> READ_WRITE = Set.of(StandardOpenOption.READ, StandardOpenOption.WRITE);
    private static final int SCAN_WINDOW = 64 * 1024;

    final long base;
    final Path file;
    private final JournalFiles files;
    private final ReentrantLock reopenLock = new ReentrantLock();
    private volatile FileChannel channel;
    private volatile boolean closed;
    /** Bytes written so far; only the writer changes it, under the journal's write lock. */
    volatile long size;

    private Segment(long base, Path file, JournalFiles files, FileChannel channel, long size) {
        this.base = base;
        this.file = file;
        this.files = files;
        this.channel = channel;
        this.size = size;
    }

    static Path fileFor(Path dir, long base) {
        return dir.resolve(String.format("%020d%s", base, SUFFIX));
    }

    static long baseOf(Path file) {
        String name = file.getFileName().toString();
        return Long.parseLong(name.substring(0, name.length() - SUFFIX.length()));
    }

    static Segment create(Path dir, long base, JournalFiles files) throws IOException {
        Path file = fileFor(dir, base);
        FileChannel channel = files.open(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE));
        return new Segment(base, file, files, channel, 0);
    }

    /** Opens an existing segment; its {@link #size} is the file's until {@link #truncate} says otherwise. */
    static Segment open(Path file, JournalFiles files) throws IOException {
        FileChannel channel = files.open(file, READ_WRITE);
        return new Segment(baseOf(file), file, files, channel, channel.size());
    }

    /**
     * The open channel. An interrupt during I/O closes a FileChannel for every thread that shares it (an HTTP
     * thread interrupted while appending, say); the file is then reopened, as fsync applies to the file and not
     * to the channel, so nothing written through the old channel is lost to a later sync.
     */
    FileChannel channel() throws IOException {
        FileChannel current = channel;
        if (current.isOpen()) {
            return current;
        }
        reopenLock.lock();
        try {
            if (closed) {
                throw new ClosedChannelException();
            }
            if (!channel.isOpen()) {
                channel = files.open(file, READ_WRITE);
            }
            return channel;
        } finally {
            reopenLock.unlock();
        }
    }

    void close() throws IOException {
        reopenLock.lock();
        try {
            closed = true;
            channel.close();
        } finally {
            reopenLock.unlock();
        }
    }

    long end() {
        return base + size;
    }

    /**
     * The whole record (header and payload) at {@code offset}, when a {@link RecordCodec#valid valid} one ends at or
     * before {@code bound}; null when the bytes there are not such a record.
     */
    ByteBuffer recordAt(long offset, long bound, int maxRecordSize) throws IOException {
        if (offset + RecordCodec.PREFIX > bound) {
            return null;
        }
        ByteBuffer prefix = ByteBuffer.allocate(RecordCodec.PREFIX);
        readFully(prefix, offset);
        int length = prefix.getInt(0);
        if (!RecordCodec.plausiblePrefix(prefix, maxRecordSize) || offset + RecordCodec.HEADER + length > bound) {
            return null;
        }
        ByteBuffer record = ByteBuffer.allocate(RecordCodec.HEADER + length);
        readFully(record, offset);
        return RecordCodec.valid(record) ? record : null;
    }

    /**
     * Where the first valid record after {@code from} starts, trying every byte up to {@code bound}; {@code bound} when
     * there is none. The format has no sync marker: a candidate must have a plausible length that fits, a CRC32C that
     * holds over length and payload, and an id length that fits. A false match has a chance of 2^-32 per candidate, and
     * candidates are rare: with the default 64 MiB bound a length starts with a byte below 0x05, which JSON text and
     * intake ids never hold.
     */
    long nextRecordAfter(long from, long bound, int maxRecordSize) throws IOException {
        ByteBuffer window = ByteBuffer.allocate(SCAN_WINDOW);
        long start = from + 1;
        while (start + RecordCodec.PREFIX <= bound) {
            window.clear().limit((int) Math.min(SCAN_WINDOW, bound - start));
            readFully(window, start);
            int lastHeader = window.limit() - 4;
            for (int i = 0; i <= lastHeader; i++) {
                if (RecordCodec.plausibleLength(window.getInt(i), maxRecordSize)
                        && recordAt(start + i, bound, maxRecordSize) != null) {
                    return start + i;
                }
            }
            start += lastHeader + 1;
        }
        return bound;
    }

    /** Whether the header at {@code offset} declares a record that would end exactly at {@code end}, valid or not. */
    boolean recordLengthEndsAt(long offset, long end, int maxRecordSize) throws IOException {
        if (offset + RecordCodec.HEADER > end) {
            return false;
        }
        ByteBuffer header = ByteBuffer.allocate(RecordCodec.HEADER);
        readFully(header, offset);
        int length = header.getInt(0);
        return RecordCodec.plausibleLength(length, maxRecordSize) && offset + RecordCodec.HEADER + length == end;
    }

    /** Cuts the file at {@code offset} and makes the cut durable. */
    void truncate(long offset) throws IOException {
        channel().truncate(offset);
        channel().force(true);
        size = offset;
    }

    void readFully(ByteBuffer buffer, long offset) throws IOException {
        long at = offset;
        while (buffer.hasRemaining()) {
            int n = channel().read(buffer, at);
            if (n < 0) {
                throw new IOException("unexpected end of " + file + " at " + at);
            }
            at += n;
        }
        buffer.flip();
    }

    void writeFully(ByteBuffer buffer) throws IOException {
        long at = size;
        while (buffer.hasRemaining()) {
            at += channel().write(buffer, at);
        }
        size = at;
    }
}
