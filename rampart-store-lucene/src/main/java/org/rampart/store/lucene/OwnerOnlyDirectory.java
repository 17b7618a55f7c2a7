package org.rampart.store.lucene;

import java.io.IOException;
import java.nio.file.Path;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.FilterDirectory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexOutput;
import org.apache.lucene.store.Lock;
import org.apache.lucene.util.IOUtils;
import org.rampart.event.datadir.PrivateFiles;

/**
 * An index folder whose files only Rampart's user may read: Lucene creates them with the umask's mode (0644), and
 * they hold every event. The folder itself is created 0700, so no one else can open a file in the instant before
 * its mode is narrowed.
 */
final class OwnerOnlyDirectory extends FilterDirectory {
    private final Path folder;

    OwnerOnlyDirectory(FSDirectory in) {
        super(in);
        this.folder = in.getDirectory();
    }

    @Override
    public IndexOutput createOutput(String name, IOContext context) throws IOException {
        return restrictToOwner(super.createOutput(name, context));
    }

    @Override
    public IndexOutput createTempOutput(String prefix, String suffix, IOContext context) throws IOException {
        return restrictToOwner(super.createTempOutput(prefix, suffix, context));
    }

    @Override
    public Lock obtainLock(String name) throws IOException {
        Lock lock = super.obtainLock(name); // an empty file, but every file in the folder is the owner's alone
        PrivateFiles.restrictToOwner(folder.resolve(name));
        return lock;
    }

    private IndexOutput restrictToOwner(IndexOutput output) throws IOException {
        try {
            PrivateFiles.restrictToOwner(folder.resolve(output.getName()));
            return output;
        } catch (IOException | RuntimeException e) {
            IOUtils.closeWhileHandlingException(output);
            throw e;
        }
    }
}
