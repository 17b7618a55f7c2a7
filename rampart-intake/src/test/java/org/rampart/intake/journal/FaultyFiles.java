package org.rampart.intake.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Journal files whose fsync fails on demand: real FileChannels, wrapped so that the next {@code force} calls throw, as
 * Linux reports a writeback error (EIO) once and then lets fsync succeed again; and whose writes fail with ENOSPC
 * while the disk is {@linkplain #fillDisk full}. Open a journal on them with {@link #open}; tests outside this package
 * use it too.
 */
public final class FaultyFiles implements JournalFiles {
    private final AtomicInteger toFail = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private volatile boolean diskFull;

    /** Makes the next {@code count} fsyncs (of any journal file or folder) fail before they reach the disk. */
    public void failNextForces(int count) {
        toFail.set(count);
    }

    /** Makes every write fail with "No space left on device" until {@link #freeDisk}. */
    public void fillDisk() {
        diskFull = true;
    }

    /** Lets writes succeed again. */
    public void freeDisk() {
        diskFull = false;
    }

    /** The number of fsyncs that failed. */
    public int failedForces() {
        return failed.get();
    }

    /** Opens the journal in {@code dir} through these files. */
    public Journal open(Path dir, JournalOptions options) throws IOException {
        return Journal.open(dir, options, this);
    }

    @Override
    public FileChannel open(Path path, Set<StandardOpenOption> options) throws IOException {
        return new FaultyChannel(JournalFiles.DEFAULT.open(path, options));
    }

    private final class FaultyChannel extends ForwardingFileChannel {
        FaultyChannel(FileChannel file) {
            super(file);
        }

        @Override
        public void force(boolean metaData) throws IOException {
            if (toFail.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                failed.incrementAndGet();
                throw new IOException("Input/output error (injected)");
            }
            file.force(metaData);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            ensureSpace();
            return file.write(src);
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            ensureSpace();
            return file.write(srcs, offset, length);
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            ensureSpace();
            return file.write(src, position);
        }

        private void ensureSpace() throws IOException {
            if (diskFull) {
                throw new IOException("No space left on device (injected)");
            }
        }
    }
}
