package org.rampart.intake.journal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import org.rampart.event.datadir.PrivateFiles;

/**
 * How the journal opens its files and folders: the seam through which tests inject I/O faults (a real
 * FileChannel whose {@code force} fails, say). Files are created 0600.
 */
@FunctionalInterface
interface JournalFiles {
    JournalFiles DEFAULT = (path, options) -> FileChannel.open(path, options, PrivateFiles.fileAttributes(path));

    FileChannel open(Path path, Set<StandardOpenOption> options) throws IOException;
}
