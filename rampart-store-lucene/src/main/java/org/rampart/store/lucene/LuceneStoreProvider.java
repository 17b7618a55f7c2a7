package org.rampart.store.lucene;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.Lock;
import org.apache.lucene.store.LockObtainFailedException;
import org.rampart.event.config.DataLayout;
import org.rampart.event.config.RampartConfig;
import org.rampart.query.EventStore;
import org.rampart.query.spi.StoreProvider;

/** {@code store.type: lucene}, the embedded store, in the data folder's {@code store/}. */
public final class LuceneStoreProvider implements StoreProvider {

    @Override
    public String name() {
        return "lucene";
    }

    /**
     * Opens {@code layout.store()} with {@code store.refresh_interval}, {@code mozdef.hostname},
     * {@code lifecycle.events.close_after_days} and {@code lifecycle.events.merge_after} (empty: never). Lucene allows one
     * writer per folder, so this refuses while a server (or a command) has the store open: the message says to stop it.
     */
    @Override
    public EventStore open(RampartConfig config, DataLayout layout, Clock clock) {
        requireUnlocked(layout.store());
        return LuceneEventStore.open(layout.store(), clock, new LuceneEventStore.Options(
                config.duration("store.refresh_interval"), LuceneEventStore.Options.defaults().ramBufferMb(),
                config.mozdefHostname(), config.integer("lifecycle.events.close_after_days", 0),
                config.duration("lifecycle.events.merge_after", null)));
    }

    /** The store opens partitions lazily, so its own open would not notice a server; each partition's lock does. */
    private static void requireUnlocked(Path store) {
        if (!Files.isDirectory(store)) {
            return;
        }
        try (DirectoryStream<Path> partitions = Files.newDirectoryStream(store, Files::isDirectory)) {
            for (Path partition : partitions) {
                try (Directory directory = FSDirectory.open(partition);
                     Lock lock = directory.obtainLock(IndexWriter.WRITE_LOCK_NAME)) {
                    lock.ensureValid();
                } catch (LockObtainFailedException e) {
                    throw new IllegalArgumentException("the store in " + store + " is in use by a running Rampart; the"
                            + " embedded store has a single writer, so stop the server (or copy the data folder and"
                            + " point data.dir at the copy) and run this again");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot check the store in " + store, e);
        }
    }
}
