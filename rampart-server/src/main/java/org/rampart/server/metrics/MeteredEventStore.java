package org.rampart.server.metrics;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.function.Supplier;
import org.rampart.query.AggregatedResults;
import org.rampart.query.EventStore;
import org.rampart.query.ForwardingEventStore;
import org.rampart.query.IndexRequest;
import org.rampart.query.SearchQuery;
import org.rampart.query.SimpleResults;
import org.rampart.query.StoredDocument;

/**
 * The store as the server's components see it, measured: documents stored per partition family
 * ({@code rampart_store_documents_total{family=events|alerts|other}}), write latency per operation
 * ({@code rampart_store_write_seconds{operation=index|save|commit}}) and query latency per kind
 * ({@code rampart_store_query_seconds{operation=search|aggregate|count}}). Does not close the store it wraps.
 */
final class MeteredEventStore extends ForwardingEventStore {
    private static final String WRITE = "rampart.store.write";
    private static final String QUERY = "rampart.store.query";

    private final Counter events;
    private final Counter alerts;
    private final Counter other;
    private final Timer index;
    private final Timer save;
    private final Timer commit;
    private final Timer search;
    private final Timer aggregate;
    private final Timer count;

    MeteredEventStore(EventStore delegate, MeterRegistry registry) {
        super(delegate);
        events = documents(registry, "events");
        alerts = documents(registry, "alerts");
        other = documents(registry, "other");
        index = timer(registry, WRITE, "index");
        save = timer(registry, WRITE, "save");
        commit = timer(registry, WRITE, "commit");
        search = timer(registry, QUERY, "search");
        aggregate = timer(registry, QUERY, "aggregate");
        count = timer(registry, QUERY, "count");
    }

    private static Counter documents(MeterRegistry registry, String family) {
        return Counter.builder("rampart.store.documents").description("documents written to the store, by partition family")
                .tag("family", family).register(registry);
    }

    private static Timer timer(MeterRegistry registry, String name, String operation) {
        return Timer.builder(name).description(name.equals(WRITE) ? "store writes: index a batch, save one document, commit"
                : "store queries").tag("operation", operation).register(registry);
    }

    @Override
    public void index(List<IndexRequest> batch) {
        index.record(() -> delegate.index(batch));
        int eventDocuments = 0;
        int alertDocuments = 0;
        for (IndexRequest request : batch) {
            switch (family(request.index())) {
                case "events" -> eventDocuments++;
                case "alerts" -> alertDocuments++;
                default -> other.increment();
            }
        }
        events.increment(eventDocuments);
        alerts.increment(alertDocuments);
    }

    @Override
    public String saveEvent(String index, String id, ObjectNode event) {
        return saved(family(index), () -> delegate.saveEvent(index, id, event));
    }

    @Override
    public StoredDocument saveAlert(String id, ObjectNode alert) {
        return saved("alerts", () -> delegate.saveAlert(id, alert));
    }

    @Override
    public String saveObject(String index, String id, ObjectNode body) {
        return saved(family(index), () -> delegate.saveObject(index, id, body));
    }

    private <T> T saved(String family, Supplier<T> write) {
        T result = save.record(write);
        (switch (family) {
            case "events" -> events;
            case "alerts" -> alerts;
            default -> other;
        }).increment();
        return result;
    }

    @Override
    public void commit() {
        commit.record(delegate::commit);
    }

    @Override
    public SimpleResults search(SearchQuery query, List<String> indices, int size) {
        return search.record(() -> delegate.search(query, indices, size));
    }

    @Override
    public AggregatedResults aggregate(SearchQuery query, List<String> indices, int size) {
        return aggregate.record(() -> delegate.aggregate(query, indices, size));
    }

    @Override
    public long count(SearchQuery query, List<String> indices) {
        return count.record(() -> delegate.count(query, indices));
    }

    /** {@code events}, {@code alerts} (their aliases and partitions) or {@code other}: a bounded set of tag values. */
    static String family(String index) {
        if (index == null) {
            return "other";
        }
        if (index.startsWith("events")) {
            return "events";
        }
        return index.startsWith("alerts") ? "alerts" : "other";
    }
}
