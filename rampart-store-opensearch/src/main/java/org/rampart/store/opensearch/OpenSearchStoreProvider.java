package org.rampart.store.opensearch;

import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.rampart.event.config.DataLayout;
import org.rampart.event.config.RampartConfig;
import org.rampart.query.EventStore;
import org.rampart.query.spi.StoreProvider;

/** {@code store.type: opensearch}: the cluster store, on the OpenSearch or Elasticsearch nodes of {@code store.opensearch.url}. */
public final class OpenSearchStoreProvider implements StoreProvider {

    @Override
    public String name() {
        return "opensearch";
    }

    /**
     * Opens the store with the {@code store.opensearch.*} keys, {@code store.refresh_interval} (the indices' refresh
     * interval) and {@code mozdef.hostname}. The data folder's {@code store/} holds only the pointer a snapshot
     * restore leaves there; the store restores it from the cluster's repository when it opens.
     */
    @Override
    public EventStore open(RampartConfig config, DataLayout layout, Clock clock) {
        return OpenSearchEventStore.open(options(config), clock, layout.store());
    }

    static OpenSearchEventStore.Options options(RampartConfig config) {
        List<URI> nodes = new ArrayList<>();
        for (String url : config.list("store.opensearch.url")) {
            URI uri;
            try {
                uri = URI.create(url.endsWith("/") ? url : url + "/");
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("store.opensearch.url: '" + url + "' is not a URL", e);
            }
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("store.opensearch.url: '" + url + "' is not an http(s) URL such as"
                        + " http://127.0.0.1:9200");
            }
            nodes.add(uri);
        }
        return new OpenSearchEventStore.Options(nodes, config.string("store.opensearch.username"),
                config.string("store.opensearch.password"), config.string("store.opensearch.index_prefix").trim(),
                config.integer("store.opensearch.bulk_amount"), config.duration("store.opensearch.bulk_refresh_time"),
                config.duration("store.refresh_interval"), config.integer("store.opensearch.replicas"),
                config.duration("store.opensearch.timeout"), config.string("store.opensearch.snapshot_repository").trim(),
                config.mozdefHostname());
    }
}
