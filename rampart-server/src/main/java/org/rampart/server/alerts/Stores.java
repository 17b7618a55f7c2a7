package org.rampart.server.alerts;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import org.apache.lucene.store.LockObtainFailedException;
import org.rampart.event.config.RampartConfig;
import org.rampart.store.lucene.LuceneEventStore;

/** Opening the data folder's embedded store from a command, next to (not inside) a server. */
public final class Stores {
    private Stores() {}

    /**
     * Opens {@code <data.dir>/store}. Lucene allows one writer per folder, so this fails while a server runs on the
     * same data folder: the message says to stop it.
     */
    public static LuceneEventStore openEmbedded(RampartConfig config, Clock clock) {
        Path dir = config.path("data.dir").resolve("store");
        try {
            return LuceneEventStore.open(dir, clock, new LuceneEventStore.Options(config.duration("store.refresh_interval"),
                    LuceneEventStore.Options.defaults().ramBufferMb(), config.mozdefHostname()));
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof LockObtainFailedException) {
                throw new IllegalArgumentException("the store in " + dir + " is in use by a running Rampart; the embedded"
                        + " store has a single writer, so stop the server (or copy the data folder and pass"
                        + " --config with data.dir pointing at the copy) and run this again");
            }
            throw e;
        }
    }
}
