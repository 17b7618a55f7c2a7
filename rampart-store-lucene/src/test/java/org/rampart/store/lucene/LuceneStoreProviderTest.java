package org.rampart.store.lucene;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rampart.event.Json;
import org.rampart.event.config.DataLayout;
import org.rampart.event.config.RampartConfig;
import org.rampart.event.extension.Extensions;
import org.rampart.query.EventStore;
import org.rampart.query.SearchQuery;
import org.rampart.query.spi.StoreProvider;

/** The Lucene store is the registry's {@code lucene} store provider, in the data folder's store/, one writer at a time. */
class LuceneStoreProviderTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private final RampartConfig config = RampartConfig.load(null, Map.of()).with(Map.of("mozdef.hostname", "node1"));

    @Test
    void theConfiguredNameFindsItAndItKeepsItsDataInTheLayoutsStoreFolder() throws Exception {
        StoreProvider provider = Extensions.bundled().get(StoreProvider.KIND, config.string("store.type"));
        DataLayout layout = DataLayout.under(dir);
        try (EventStore store = provider.open(config, layout, CLOCK)) {
            store.saveEvent("events", "e1", Json.object().put("summary", "kept"));
            store.commit();
        }
        try (EventStore reopened = provider.open(config, layout, CLOCK)) {
            reopened.refresh();
            assertThat(reopened.count(SearchQuery.all(), List.of("events"))).isEqualTo(1);
            assertThat(reopened.get("events", "e1").orElseThrow().source().path("mozdefhostname").asText())
                    .as("store.* and mozdef.* keys reach the store").isEqualTo("node1");
        }
        assertThat(layout.store().resolve("events-20261123")).isDirectory();
    }

    @Test
    void aSecondOpenWhileTheStoreIsInUseIsRefusedWithWhatToDo() throws Exception {
        StoreProvider provider = new LuceneStoreProvider();
        DataLayout layout = DataLayout.under(dir);
        try (EventStore store = provider.open(config, layout, CLOCK)) {
            store.saveEvent("events", "e1", Json.object().put("summary", "x"));
            assertThatThrownBy(() -> provider.open(config, layout, CLOCK)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("in use by a running Rampart").hasMessageContaining("stop the server");
        }
    }
}
