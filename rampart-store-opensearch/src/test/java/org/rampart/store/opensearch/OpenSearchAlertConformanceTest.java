package org.rampart.store.opensearch;

import java.nio.file.Path;
import java.time.Clock;
import java.util.function.BiFunction;
import org.rampart.alerts.conformance.AlertConformanceTest;
import org.rampart.query.EventStore;
import org.rampart.query.ForwardingEventStore;

/**
 * MozDef's alert fixtures ({@code conformance/alerts/}) with the bundled alerts searching the real OpenSearch node:
 * each case on a fresh index prefix, whose indices are deleted when the case closes its store.
 */
class OpenSearchAlertConformanceTest extends AlertConformanceTest {

    @Override
    protected BiFunction<Path, Clock, EventStore> storeFactory() {
        return (dir, clock) -> {
            String prefix = OpenSearchEventStoreContractTest.prefixOf(dir);
            OpenSearchEventStore store = OpenSearchEventStore.open(OpenSearchEventStoreContractTest.options(prefix),
                    clock, dir);
            return new ForwardingEventStore(store) {
                @Override
                public void close() {
                    try {
                        store.close();
                    } finally {
                        TestCluster.deletePrefix(prefix);
                    }
                }
            };
        };
    }
}
