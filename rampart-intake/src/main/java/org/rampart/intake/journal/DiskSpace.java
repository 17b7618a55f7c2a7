package org.rampart.intake.journal;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How much space the filesystem of a folder has: the filesystem's own figures, or (in tests) figures a test sets, so
 * that a full disk and its recovery can be shown without filling one.
 */
@FunctionalInterface
public interface DiskSpace {
    /**
     * How long a filesystem's figures are used before they are read again: intake checks them on every request, twice
     * (two statvfs calls each time), and appends resume at most this long after space is freed.
     */
    Duration MAX_AGE = Duration.ofMillis(100);

    /**
     * The filesystem holding {@code dir}, as it reports itself. Found once: finding a folder's filesystem reads the mount
     * table, too slow for every request; its free space is read again once the last reading is {@link #MAX_AGE} old.
     */
    static DiskSpace of(Path dir) throws IOException {
        FileStore store = Files.getFileStore(dir);
        return new CachedDiskSpace(() -> new Reading(store.getUsableSpace(), store.getTotalSpace()), MAX_AGE, System::nanoTime);
    }

    /** Free and total bytes of the filesystem. */
    Reading read() throws IOException;

    /** One reading: bytes this process may still write, and the filesystem's size. */
    record Reading(long usableBytes, long totalBytes) {}
}
