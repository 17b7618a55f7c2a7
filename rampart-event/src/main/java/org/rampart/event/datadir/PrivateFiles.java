package org.rampart.event.datadir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Files and folders under {@code data.dir} that only Rampart's user may read: events, indexes and tokens are
 * attacker-supplied and often sensitive, and the default umask would make them world-readable (0644/0755).
 * On a file system without POSIX permissions (Windows) the platform's defaults apply.
 */
public final class PrivateFiles {
    private static final FileAttribute<?> OWNER_ONLY_FILE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    private static final FileAttribute<?> OWNER_ONLY_DIRECTORY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));

    private PrivateFiles() {}

    /** Creates {@code dir} and any missing parent as 0700; folders that exist already are left as they are. */
    public static Path createDirectories(Path dir) throws IOException {
        return posix(dir) ? Files.createDirectories(dir, OWNER_ONLY_DIRECTORY) : Files.createDirectories(dir);
    }

    /** The attributes that create a folder at {@code dir} as 0700 (pass them to the call that creates it). */
    public static FileAttribute<?>[] directoryAttributes(Path dir) {
        return posix(dir) ? new FileAttribute<?>[] {OWNER_ONLY_DIRECTORY} : new FileAttribute<?>[0];
    }

    /** The attributes that create a file at {@code file} as 0600 (pass them to the call that creates it). */
    public static FileAttribute<?>[] fileAttributes(Path file) {
        return posix(file) ? new FileAttribute<?>[] {OWNER_ONLY_FILE} : new FileAttribute<?>[0];
    }

    /** Makes a file that someone else created (a library) 0600. */
    public static void restrictToOwner(Path file) throws IOException {
        if (posix(file)) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
    }

    private static boolean posix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
