package org.rampart.query;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.Optional;

/**
 * An {@link EventStore} that passes every call to another one; subclasses override what they observe or change
 * (a backtest noting an alert's window, a benchmark counting searches). {@link #close()} does not close the
 * delegate: whoever opened the store closes it.
 */
public abstract class ForwardingEventStore implements EventStore {
    protected final EventStore delegate;

    protected ForwardingEventStore(EventStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public void index(List<IndexRequest> batch) {
        delegate.index(batch);
    }

    @Override
    public String saveEvent(String index, String id, ObjectNode event) {
        return delegate.saveEvent(index, id, event);
    }

    @Override
    public StoredDocument saveAlert(String id, ObjectNode alert) {
        return delegate.saveAlert(id, alert);
    }

    @Override
    public String saveObject(String index, String id, ObjectNode body) {
        return delegate.saveObject(index, id, body);
    }

    @Override
    public Optional<StoredDocument> get(String index, String id) {
        return delegate.get(index, id);
    }

    @Override
    public void refresh() {
        delegate.refresh();
    }

    @Override
    public void refresh(List<String> indices) {
        delegate.refresh(indices);
    }

    @Override
    public void commit() {
        delegate.commit();
    }

    @Override
    public SimpleResults search(SearchQuery query, List<String> indices, int size) {
        return delegate.search(query, indices, size);
    }

    @Override
    public AggregatedResults aggregate(SearchQuery query, List<String> indices, int size) {
        return delegate.aggregate(query, indices, size);
    }

    @Override
    public long count(SearchQuery query, List<String> indices) {
        return delegate.count(query, indices);
    }

    @Override
    public List<StorePartition> partitions() {
        return delegate.partitions();
    }

    @Override
    public boolean prune(String partition) {
        return delegate.prune(partition);
    }

    @Override
    public void snapshot(Path target, LongConsumer copiedBytes) {
        delegate.snapshot(target, copiedBytes);
    }

    @Override
    public void close() {
        // The delegate belongs to whoever opened it.
    }
}
