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
     * The filesystem holding {@code dir}, as it reports itself. Found once: finding a folder's filesystem reads the mount
     * table, too slow for every request. Its free space is read again once a reading is {@link #MAX_AGE} old: intake
     * asks twice per request, and each reading is two statvfs calls.
     */
    static DiskSpace of(Path dir) throws IOException {
        FileStore store = Files.getFileStore(dir);
        return new LatestReading(() -> new Reading(store.getUsableSpace(), store.getTotalSpace()), MAX_AGE, System::nanoTime);
    }

    /**
     * How old a reading of the filesystem may be: short enough that what is written meanwhile stays well inside any
     * sane low watermark (at 100 MB/s, 1 MB), and that appends resume as good as at once when space is freed.
     */
    Duration MAX_AGE = Duration.ofMillis(10);

    /** Free and total bytes of the filesystem. */
    Reading read() throws IOException;

    /** One reading: bytes this process may still write, and the filesystem's size. */
    record Reading(long usableBytes, long totalBytes) {}
}
