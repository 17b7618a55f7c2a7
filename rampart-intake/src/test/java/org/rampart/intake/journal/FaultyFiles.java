package org.rampart.intake.journal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Journal files whose fsync fails on demand: real FileChannels, wrapped so that the next {@code force} calls throw, as
 * Linux reports a writeback error (EIO) once and then lets fsync succeed again. Open a journal on them with
 * {@link #open}; tests outside this package use it too.
 */
public final class FaultyFiles implements JournalFiles {
    private final AtomicInteger toFail = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();

    /** Makes the next {@code count} fsyncs (of any journal file or folder) fail before they reach the disk. */
    public void failNextForces(int count) {
        toFail.set(count);
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
    }
}
