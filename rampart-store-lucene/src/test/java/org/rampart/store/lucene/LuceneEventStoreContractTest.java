package org.rampart.store.lucene;

import java.nio.file.Path;
import java.time.Clock;
import org.rampart.query.EventStore;
import org.rampart.query.contract.EventStoreContract;

class LuceneEventStoreContractTest extends EventStoreContract {
    @Override
    protected EventStore open(Path dir, Clock clock) {
        return LuceneEventStore.open(dir, clock);
    }
}
