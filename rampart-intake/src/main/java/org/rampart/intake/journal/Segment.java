package org.rampart.intake.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.ReentrantLock;

/** One journal file, named after the journal position of its first byte. */
final class Segment {
    static final String SUFFIX = ".seg";

    final long base;
    final Path file;
    private final ReentrantLock reopenLock = new ReentrantLock();
    private volatile FileChannel channel;
    private volatile boolean closed;
    /** Bytes written so far; only the writer changes it, under the journal's write lock. */
    volatile long size;

    private Segment(long base, Path file, FileChannel channel, long size) {
        this.base = base;
        this.file = file;
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

    static Segment create(Path dir, long base) throws IOException {
        Path file = fileFor(dir, base);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        return new Segment(base, file, channel, 0);
    }

    static Segment open(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        return new Segment(baseOf(file), file, channel, channel.size());
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
                channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
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
     * Scans the records from the start and cuts the file after the last one whose checksum holds: a crash
     * can leave a partly written or zero-filled tail. Returns the number of bytes cut.
     */
    long truncateTornTail(int maxRecordSize) throws IOException {
        long fileSize = channel().size();
        long offset = 0;
        ByteBuffer header = ByteBuffer.allocate(RecordCodec.HEADER);
        while (offset + RecordCodec.HEADER <= fileSize) {
            header.clear();
            readFully(header, offset);
            int length = header.getInt(0);
            if (length < 2 || length > maxRecordSize || offset + RecordCodec.HEADER + length > fileSize) {
                break;
            }
            ByteBuffer record = ByteBuffer.allocate(RecordCodec.HEADER + length);
            readFully(record, offset);
            if (RecordCodec.checksum(record, 0, length) != record.getInt(4)) {
                break;
            }
            offset += RecordCodec.HEADER + length;
        }
        long cut = fileSize - offset;
        if (cut > 0) {
            channel().truncate(offset);
            channel().force(true);
        }
        size = offset;
        return cut;
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
