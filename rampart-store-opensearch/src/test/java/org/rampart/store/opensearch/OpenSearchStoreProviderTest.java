package org.rampart.store.opensearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rampart.event.Json;
import org.rampart.event.config.DataLayout;
import org.rampart.event.config.RampartConfig;
import org.rampart.event.extension.Extensions;
import org.rampart.query.EventStore;
import org.rampart.query.IndexRequest;
import org.rampart.query.SearchQuery;
import org.rampart.query.spi.StoreProvider;

/** {@code store.type: opensearch} finds this store, and the {@code store.opensearch.*} keys reach it. */
class OpenSearchStoreProviderTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);
    private static final String PREFIX = "provider-test-";

    @TempDir
    Path dir;

    private RampartConfig config(Map<String, String> keys) {
        return RampartConfig.load(null, Map.of()).with(Map.of("store.type", "opensearch", "mozdef.hostname", "node1",
                "store.opensearch.replicas", "0")).with(keys);
    }

    @AfterEach
    void deleteIndices() {
        TestCluster.deletePrefix(PREFIX);
    }

    @Test
    void theConfiguredNameFindsItAndItsKeysReachTheStore() throws Exception {
        RampartConfig config = config(Map.of("store.opensearch.url", "http://127.0.0.1:1/, "
                + OpenSearchNode.shared().url(), "store.opensearch.index_prefix", PREFIX,
                "store.opensearch.bulk_amount", "1000", "store.opensearch.bulk_refresh_time", "1h"));
        StoreProvider provider = Extensions.bundled().get(StoreProvider.KIND, config.string("store.type"));
        try (EventStore store = provider.open(config, DataLayout.under(dir), CLOCK)) {
            store.saveEvent("events", "e1", Json.object().put("summary", "kept"));
            store.index(List.of(IndexRequest.append("events", "e2", Json.object())));
            store.refresh();
            assertThat(store.get("events", "e1").orElseThrow().source().path("mozdefhostname").asText())
                    .as("mozdef.hostname reaches the store").isEqualTo("node1");
            assertThat(store.count(SearchQuery.all(), List.of("events"))).isEqualTo(2);
        }
        try (OpenSearchClient client = TestCluster.client()) {
            assertThat(client.get("/" + PREFIX + "events-20261123").ok())
                    .as("the index carries the prefix, and a node that does not answer is passed over").isTrue();
            assertThat(client.get("/" + PREFIX + "events-20261123/_settings").body().toString())
                    .contains("\"number_of_replicas\":\"0\"");
        }
    }

    @Test
    void bufferedWritesWaitForBulkAmountOrACommit() throws Exception {
        RampartConfig config = config(Map.of("store.opensearch.url", OpenSearchNode.shared().url().toString(),
                "store.opensearch.index_prefix", PREFIX, "store.opensearch.bulk_amount", "3",
                "store.opensearch.bulk_refresh_time", "1h"));
        try (EventStore store = new OpenSearchStoreProvider().open(config, DataLayout.under(dir), CLOCK);
             OpenSearchClient client = TestCluster.client()) {
            store.index(List.of(IndexRequest.append("events", "a", Json.object()),
                    IndexRequest.append("events", "b", Json.object())));
            assertThat(client.get("/" + PREFIX + "events-20261123").status()).as("two of three: still buffered")
                    .isEqualTo(404);
            store.index(List.of(IndexRequest.append("events", "c", Json.object()),
                    IndexRequest.append("events", "d", Json.object())));
            assertThat(count(client)).as("bulk_amount reached: the buffer went out").isEqualTo(4);
            store.index(List.of(IndexRequest.append("events", "e", Json.object())));
            assertThat(count(client)).isEqualTo(4);
            store.commit();
            assertThat(count(client)).as("a commit sends the rest").isEqualTo(5);
        }
    }

    private static long count(OpenSearchClient client) {
        client.post("/" + PREFIX + "events-20261123/_refresh", null);
        return client.get("/" + PREFIX + "events-20261123/_count").body().path("count").asLong();
    }

    @Test
    void badSettingsAreRefusedWithWhatToDo() {
        assertThatThrownBy(() -> OpenSearchStoreProvider.options(config(Map.of("store.opensearch.url", "ftp://x"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http(s) URL");
        assertThatThrownBy(() -> OpenSearchStoreProvider.options(config(Map.of("store.opensearch.url", ""))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no node");
        assertThatThrownBy(() -> OpenSearchStoreProvider.options(config(Map.of("store.opensearch.index_prefix", "Bad/"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("index_prefix");
        assertThatThrownBy(() -> OpenSearchStoreProvider.options(config(Map.of("store.opensearch.bulk_amount", "0"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bulk_amount");
    }

    @Test
    void snapshotsWithoutARepositoryAreRefusedSayingWhatToSet() throws Exception {
        RampartConfig config = config(Map.of("store.opensearch.url", OpenSearchNode.shared().url().toString(),
                "store.opensearch.index_prefix", PREFIX));
        try (EventStore store = new OpenSearchStoreProvider().open(config, DataLayout.under(dir), CLOCK)) {
            assertThatThrownBy(() -> store.snapshot(dir.resolve("snap"), bytes -> {}))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("store.opensearch.snapshot_repository");
        }
    }
}
