package org.rampart.server.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.rampart.event.config.DataLayout;
import org.rampart.event.config.RampartConfig;
import org.rampart.query.EventStore;
import org.rampart.query.ForwardingEventStore;
import org.rampart.query.IndexRequest;
import org.rampart.query.spi.StoreProvider;
import org.rampart.store.lucene.LuceneStoreProvider;

/**
 * {@code store.type: stalling-lucene}, for StoreOutageTest: the Lucene store, whose writes and commits wait while the
 * file {@link #STALL_FLAG} exists in the data folder, as writes to a store that stopped answering do. Registered only
 * on the class path a test gives a server ({@link #SERVICES}), never on the test class path itself.
 */
public final class StallingStoreProvider implements StoreProvider {
    /** The folder holding this provider's {@code META-INF/services} entry. */
    static final Path SERVICES = Path.of("src", "test", "fault-store");
    static final String STALL_FLAG = "store-stalled";

    @Override
    public String name() {
        return "stalling-lucene";
    }

    @Override
    public EventStore open(RampartConfig config, DataLayout layout, Clock clock) {
        EventStore lucene = new LuceneStoreProvider().open(config, layout, clock);
        Path flag = layout.root().resolve(STALL_FLAG);
        return new ForwardingEventStore(lucene) {
            @Override
            public void index(List<IndexRequest> batch) {
                awaitNoFlag();
                super.index(batch);
            }

            @Override
            public void commit() {
                awaitNoFlag();
                super.commit();
            }

            private void awaitNoFlag() {
                try {
                    while (Files.exists(flag)) {
                        Thread.sleep(50);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while the store stalls", e);
                }
            }

            @Override
            public void close() {
                try {
                    delegate.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }
}
