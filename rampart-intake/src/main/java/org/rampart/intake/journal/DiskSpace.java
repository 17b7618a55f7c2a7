package org.rampart.intake.journal;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * How much space the filesystem of a folder has: the filesystem's own figures, or (in tests) figures a test sets, so
 * that a full disk and its recovery can be shown without filling one.
 */
@FunctionalInterface
public interface DiskSpace {
    /**
     * How long a reading of the filesystem serves: the journal asks on every append, which is every request of a
     * shipper that sends one event per request, and each reading is two {@code statfs} calls that walk the folder's
     * path. Within it, appends can write past the watermark by what intake takes in 50 ms, a few MB at most: the
     * watermark is a margin, and space freed is seen as soon.
     */
    Duration READ_EVERY = Duration.ofMillis(50);

    /**
     * The filesystem holding {@code dir}, as it reports itself, read at most every {@link #READ_EVERY}. Found once:
     * finding a folder's filesystem reads the mount table, too slow for every request.
     */
    static DiskSpace of(Path dir) throws IOException {
        FileStore store = Files.getFileStore(dir);
        return atMostEvery(READ_EVERY, System::nanoTime,
                () -> new Reading(store.getUsableSpace(), store.getTotalSpace()));
    }

    /** {@code source}, read again only once {@code interval} has passed by {@code nanoTime} since its last reading. */
    static DiskSpace atMostEvery(Duration interval, LongSupplier nanoTime, DiskSpace source) {
        long intervalNanos = interval.toNanos();
        record Timed(Reading reading, long atNanos) {}
        return new DiskSpace() {
            // Two threads that both find it stale both read; either reading is as good.
            private volatile Timed last;

            @Override
            public Reading read() throws IOException {
                long now = nanoTime.getAsLong();
                Timed seen = last;
                if (seen == null || now - seen.atNanos() >= intervalNanos) {
                    seen = new Timed(source.read(), now);
                    last = seen;
                }
                return seen.reading();
            }
        };
    }

    /** Free and total bytes of the filesystem. */
    Reading read() throws IOException;

    /** One reading: bytes this process may still write, and the filesystem's size. */
    record Reading(long usableBytes, long totalBytes) {}
}
