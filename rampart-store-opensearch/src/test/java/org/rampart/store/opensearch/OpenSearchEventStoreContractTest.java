package org.rampart.store.opensearch;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.rampart.query.EventStore;
import org.rampart.query.contract.EventStoreContract;

/**
 * The store contract kit against a real OpenSearch node ({@link OpenSearchNode}). Each store folder of the kit is one
 * index prefix on the shared node, so tests do not see each other's indices and a reopened folder finds its own.
 */
class OpenSearchEventStoreContractTest extends EventStoreContract {

    @Override
    protected EventStore open(Path dir, Clock clock) {
        return OpenSearchEventStore.open(options(prefixOf(dir)), clock, dir);
    }

    static OpenSearchEventStore.Options options(String prefix) {
        return new OpenSearchEventStore.Options(List.of(OpenSearchNode.shared().url()), "", "", prefix, 100,
                Duration.ofMillis(500), Duration.ofMillis(500), 0, Duration.ofSeconds(30), TestCluster.snapshotRepository(),
                "rampart-test");
    }

    static String prefixOf(Path dir) {
        return "t" + HexFormat.of().toHexDigits(dir.toAbsolutePath().toString().hashCode()) + "-";
    }

    @AfterEach
    void deleteThisTestsIndices() {
        TestCluster.deletePrefix(prefixOf(dir));
        TestCluster.deletePrefix(prefixOf(elsewhere.resolve("snapshot")));
    }
}
