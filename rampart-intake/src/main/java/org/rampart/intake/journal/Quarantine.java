package org.rampart.intake.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.rampart.event.datadir.PrivateFiles;

/**
 * Journal bytes that are not records, copied into {@code <journal>/quarantine/} before the journal passes over them,
 * so an operator can inspect (and perhaps repair and resend) what was lost. One file per bad range, named after its
 * segment and offset: a few text lines of context, a blank line, then the raw bytes. A corrupt record is counted
 * (the journal is degraded while such files exist); a torn tail cut at open is kept but not counted, as a crash
 * during a write leaves one.
 */
final class Quarantine {
    static final String FOLDER = "quarantine";
    static final String CORRUPT = ".corrupt";
    static final String TORN = ".torn";
    private static final int COPY_CHUNK = 64 * 1024;

    private final Path dir;
    private final JournalFiles files;
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicLong corruptRecords;

    Quarantine(Path journalDir, JournalFiles files) throws IOException {
        this.dir = journalDir.resolve(FOLDER);
        this.files = files;
        this.corruptRecords = new AtomicLong(countCorrupt(dir));
    }

    private static long countCorrupt(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(f -> f.getFileName().toString().endsWith(CORRUPT)).count();
        }
    }

    /** The folder the files go to. */
    Path dir() {
        return dir;
    }

    /** Corrupt ranges quarantined, by this process and before it (the files still there when the journal opened). */
    long corruptRecords() {
        return corruptRecords.get();
    }

    /**
     * Keeps {@code [offset, offset + length)} of {@code segment}, bytes that are not a valid record, followed by
     * {@code missing} bytes the file no longer holds (it ends short of the next segment). Returns false when that range
     * was quarantined already (a re-read after a restart).
     */
    boolean corrupt(Segment segment, long offset, long length, long missing) throws IOException {
        String what = "bytes that are not a valid record (a corrupt length or checksum); the records after them were read on"
                + (missing > 0 ? "\nmissing: " + missing + " bytes after these, lost from the end of the file" : "");
        boolean added = save(segment, offset, length, CORRUPT, what);
        if (added) {
            corruptRecords.incrementAndGet();
        }
        return added;
    }

    /** Keeps the tail cut from the last segment at open: no valid record follows it, so no write of it was acknowledged. */
    void tornTail(Segment segment, long offset, long length) throws IOException {
        save(segment, offset, length, TORN, "a torn tail (no valid record follows), cut when the journal was opened");
    }

    private boolean save(Segment segment, long offset, long length, String suffix, String what) throws IOException {
        Path file = dir.resolve(segment.file.getFileName() + "-" + offset + suffix);
        lock.lock();
        try {
            if (Files.exists(file)) {
                return false;
            }
            PrivateFiles.createDirectories(dir);
            Path temp = dir.resolve(file.getFileName() + ".tmp");
            try (FileChannel out = files.open(temp, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING))) {
                String context = "rampart journal quarantine: " + what + "\nsegment: " + segment.file.getFileName()
                        + "\noffset: " + offset + "\nposition: " + (segment.base + offset) + "\nlength: " + length + "\n\n";
                writeFully(out, ByteBuffer.wrap(context.getBytes(StandardCharsets.US_ASCII)));
                ByteBuffer chunk = ByteBuffer.allocate((int) Math.min(COPY_CHUNK, Math.max(length, 1)));
                for (long at = offset; at < offset + length; at += chunk.limit()) {
                    chunk.clear().limit((int) Math.min(chunk.capacity(), offset + length - at));
                    segment.readFully(chunk, at);
                    writeFully(out, chunk);
                }
                out.force(true);
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the journal folder needs a file system with atomic rename", e);
            }
            try (FileChannel folder = files.open(dir, Set.of(StandardOpenOption.READ))) {
                folder.force(true);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    private static void writeFully(FileChannel out, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            out.write(buffer);
        }
    }
}
