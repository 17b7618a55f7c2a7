package org.rampart.intake.journal;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How much space the filesystem of a folder has: the filesystem's own figures, or (in tests) figures a test sets, so
 * that a full disk and its recovery can be shown without filling one.
 */
@FunctionalInterface
public interface DiskSpace {
    /**
     * The filesystem holding {@code dir}, as it reports itself. Found once: finding a folder's filesystem reads the mount
     * table, too slow for every request; its free space is read on each call.
     */
    static DiskSpace of(Path dir) throws IOException {
        FileStore store = Files.getFileStore(dir);
        return () -> new Reading(store.getUsableSpace(), store.getTotalSpace());
    }

    /** Free and total bytes of the filesystem. */
    Reading read() throws IOException;

    /** One reading: bytes this process may still write, and the filesystem's size. */
    record Reading(long usableBytes, long totalBytes) {}
}
