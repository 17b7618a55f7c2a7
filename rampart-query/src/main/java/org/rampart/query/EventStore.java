package org.rampart.query;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Closeable;
import java.nio.file.Path;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.Optional;

/**
 * Where events, alerts and other documents are kept and searched: the embedded Lucene store and the
 * OpenSearch store implement it, and both pass the contract test kit (test-jar of this module).
 *
 * <p>Index names follow MozDef ({@link IndexNames}): {@code events} is today's partition {@code events-YYYYMMDD},
 * {@code events-previous} yesterday's, {@code events-weekly} the last seven days; {@code alerts} the
 * monthly {@code alerts-YYYYMM} partitions; any other name (e.g. {@code localities},
 * {@code vulnerabilities}) is one plain index. Names holding {@code *} match concrete index names. Searching an
 * index that does not exist finds nothing (no error).
 *
 * <p>A store is given a {@link java.time.Clock} when it is opened; relative query windows, the {@code events}
 * aliases and {@link #saveEvent} defaults use it, so tests freeze time.
 *
 * <p>A store that cannot work now, whatever it is asked (stopped, unreachable, overloaded, blocked, its writer closed
 * after an I/O error), throws {@link StoreUnavailableException}; any other exception from a write means the store
 * refused that content.
 */
public interface EventStore extends Closeable {

    /**
     * Writes a batch; {@link IndexRequest#upsert()} says whether an existing id is replaced.
     *
     * @throws StoreUnavailableException when the store cannot write now (retry later); the batch may be partly written
     */
    void index(List<IndexRequest> batch);

    /** MozDef's save_event: fills the required fields that are absent, then writes; returns the id. */
    String saveEvent(String index, String id, ObjectNode event);

    /**
     * MozDef's save_alert: writes into the current {@code alerts-YYYYMM} ({@link IndexNames#alertsPartition});
     * returns where it wrote: the concrete index and the id (a new one when {@code id} is null).
     */
    StoredDocument saveAlert(String id, ObjectNode alert);

    /** MozDef's save_object: writes the body as it is; returns the id. */
    String saveObject(String index, String id, ObjectNode body);

    /** The stored document with this id, looked up across the partitions the index name covers. */
    Optional<StoredDocument> get(String index, String id);

    /** Makes every write so far visible to search. */
    void refresh();

    /**
     * Makes every write so far to these indices visible to search (names as in {@link #search}); cheaper than
     * {@link #refresh()} when only a small index must be current, e.g. {@code alerts} right after a streaming alert.
     * A store may refresh more than asked.
     */
    default void refresh(List<String> indices) {
        refresh();
    }

    /**
     * Makes every write so far durable, so that the journal behind it can be trimmed.
     *
     * @throws StoreUnavailableException when it cannot now; writes since the last commit may then be lost
     */
    void commit();

    /**
     * Runs a query without aggregation: MozDef's SimpleResults, at most {@code size} hits (0 to
     * {@link SearchQuery#MAX_SIZE}, else {@link IllegalArgumentException}).
     */
    SimpleResults search(SearchQuery query, List<String> indices, int size);

    /** Runs a query with its aggregations: MozDef's AggregatedResults. */
    AggregatedResults aggregate(SearchQuery query, List<String> indices, int size);

    /** The number of matching documents, without fetching them. */
    long count(SearchQuery query, List<String> indices);

    /** The concrete partitions that exist, sorted by name, with their size on disk. */
    List<StorePartition> partitions();

    /**
     * Deletes one concrete partition ({@code events-20261101}, {@code alerts-202610} or a plain index) and everything
     * in it; returns false when there was none.
     *
     * @throws IllegalArgumentException for an alias ({@code events}, {@code alerts}, ...) or a bad name
     */
    boolean prune(String partition);

    /**
     * Writes a consistent copy of every partition into {@code target} (an empty or missing folder) while writes go on:
     * a store opened on {@code target} finds every write committed before the call. {@code copiedBytes} is told how
     * many bytes each step copied, for a progress line (their sum approaches the sum of {@link #partitions()} sizes).
     */
    void snapshot(Path target, LongConsumer copiedBytes);
}
