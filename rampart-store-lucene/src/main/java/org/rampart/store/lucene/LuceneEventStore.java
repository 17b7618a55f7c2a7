package org.rampart.store.lucene;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.LongConsumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.IndexNotFoundException;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.SortedNumericSortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.AlreadyClosedException;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.IOUtils;
import org.rampart.event.EventDefaults;
import org.rampart.event.Json;
import org.rampart.event.datadir.PrivateFiles;
import org.rampart.query.spi.SnapshotFolder;
import org.rampart.query.AggregatedResults;
import org.rampart.query.TermsAggregation;
import org.rampart.query.Bucket;
import org.rampart.query.EventStore;
import org.rampart.query.Hit;
import org.rampart.query.IndexNames;
import org.rampart.query.IndexRequest;
import org.rampart.query.SearchQuery;
import org.rampart.query.SimpleResults;
import org.rampart.query.SortOrder;
import org.rampart.query.StoreUnavailableException;
import org.rampart.query.StoredDocument;
import org.rampart.query.StorePartition;
import org.rampart.query.tree.QueryTree;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded event store: one Lucene index per partition folder under one directory, {@code events-YYYYMMDD}
 * (the UTC day of the event's {@code receivedtimestamp}, else of the clock, so a replay lands where the original
 * did), {@code alerts-YYYYMM} (the clock's month), and plain indices by name. Writes become searchable within the
 * refresh interval; {@link #commit()} makes them durable. Field mapping: see {@code docs/query.md}.
 */
public final class LuceneEventStore implements EventStore {
    private static final Logger LOG = LoggerFactory.getLogger(LuceneEventStore.class);
    /** A partition neither written nor searched for this long is closed (it reopens on next use). */
    static final Duration IDLE_CLOSE = Duration.ofMinutes(15);
    /** Longest document id, as Elasticsearch allows. */
    public static final int MAX_ID_LENGTH = IndexRequest.MAX_ID_LENGTH;

    /** An old event partition ({@link Options#closeAfterDays}) is closed once unused for this long. */
    static final Duration OLD_IDLE_CLOSE = Duration.ofMinutes(1);

    /**
     * Tuning of the store.
     *
     * @param refreshInterval how soon a write becomes searchable (at most 1 s keeps the design's promise)
     * @param ramBufferMb     indexing buffer per partition before Lucene flushes a segment
     * @param mozdefHostname  the {@code mozdefhostname} that {@link #saveEvent} fills in when it is absent
     * @param closeAfterDays  event partitions of days at least this many days before today are closed one minute after
     *                        their last use instead of fifteen (MozDef's closeIndices); 0 for no such rule
     * @param mergeAfter      an event partition whose day ended this long ago and that has not been written for as long
     *                        is merged down to one segment in the background ({@link #mergeFinishedDays}); null: never
     */
    public record Options(Duration refreshInterval, double ramBufferMb, String mozdefHostname, int closeAfterDays,
                          Duration mergeAfter) {
        public Options {
            if (mergeAfter != null && mergeAfter.isNegative()) {
                throw new IllegalArgumentException("mergeAfter must not be negative: " + mergeAfter);
            }
            if (closeAfterDays < 0) {
                throw new IllegalArgumentException("closeAfterDays must not be negative: " + closeAfterDays);
            }
            if (refreshInterval == null || refreshInterval.isNegative() || refreshInterval.isZero()) {
                throw new IllegalArgumentException("refresh interval must be positive: " + refreshInterval);
            }
            if (!(ramBufferMb >= 1)) {
                throw new IllegalArgumentException("RAM buffer must be at least 1 MB: " + ramBufferMb);
            }
            if (mozdefHostname == null || mozdefHostname.isBlank()) {
                throw new IllegalArgumentException("mozdefHostname is required");
            }
        }

        /** Options that never merge finished days. */
        public Options(Duration refreshInterval, double ramBufferMb, String mozdefHostname, int closeAfterDays) {
            this(refreshInterval, ramBufferMb, mozdefHostname, closeAfterDays, null);
        }

        /** Options without a rule for old partitions. */
        public Options(Duration refreshInterval, double ramBufferMb, String mozdefHostname) {
            this(refreshInterval, ramBufferMb, mozdefHostname, 0, null);
        }

        /** 500 ms refresh, 64 MB buffer, this machine's host name, no rule for old partitions. */
        public static Options defaults() {
            return new Options(Duration.ofMillis(500), 64, localHostname());
        }

        private static String localHostname() {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                return "localhost";
            }
        }
    }

    /**
     * A query string without a field searches every path of a partition, and a day of varied events holds
     * more than Lucene's default 1024 (Elasticsearch caps an index at 1000 fields, Rampart does not), so raise
     * the JVM-wide clause limit once; far bigger expansions still fail as an IllegalArgumentException.
     */
    static final int MAX_CLAUSES = 16_384;

    static {
        if (IndexSearcher.getMaxClauseCount() < MAX_CLAUSES) {
            IndexSearcher.setMaxClauseCount(MAX_CLAUSES);
        }
    }

    private final Path root;
    private final Clock clock;
    private final Options options;
    private final Analyzer analyzer = new StandardAnalyzer();
    private final Set<String> known = new ConcurrentSkipListSet<>();
    /** Aggregations' global ordinals, within a sixteenth of the heap. */
    private final GlobalOrdinals ordinals = new GlobalOrdinals(Runtime.getRuntime().maxMemory() / 16);
    private final Map<String, Partition> open = new ConcurrentHashMap<>();
    /** Writes and searches share it; pruning and closing take it alone. */
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private final ScheduledExecutorService refresher;
    /** Merges finished days, apart from the refresher: one merge takes seconds. Null when Options.mergeAfter is. */
    private final ScheduledExecutorService merger;
    /** Event partitions known to be one segment since their last write. */
    private final Set<String> merged = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private LuceneEventStore(Path root, Clock clock, Options options) throws IOException {
        this.root = root;
        this.clock = clock;
        this.options = options;
        PrivateFiles.createDirectories(root);
        try (Stream<Path> children = Files.list(root)) {
            children.filter(Files::isDirectory)
                    .map(p -> p.getFileName().toString())
                    .filter(IndexNames::isValidName)
                    .forEach(known::add);
        }
        refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rampart-lucene-refresh");
            t.setDaemon(true);
            return t;
        });
        long millis = options.refreshInterval().toMillis();
        refresher.scheduleWithFixedDelay(this::refreshQuietly, millis, millis, TimeUnit.MILLISECONDS);
        if (options.mergeAfter() == null) {
            merger = null;
        } else {
            merger = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "rampart-lucene-merge");
                t.setDaemon(true);
                return t;
            });
            merger.scheduleWithFixedDelay(this::mergeQuietly, 1, 1, TimeUnit.MINUTES);
        }
    }

    /** Opens (creating if needed) a store in {@code dir} with default options. */
    public static LuceneEventStore open(Path dir, Clock clock) {
        return open(dir, clock, Options.defaults());
    }

    /** Opens (creating if needed) a store in {@code dir}. */
    public static LuceneEventStore open(Path dir, Clock clock, Options options) {
        try {
            return new LuceneEventStore(dir, clock, options);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the event store in " + dir, e);
        }
    }

    @Override
    public void index(List<IndexRequest> batch) {
        // Build every document first, so a bad request fails the batch before anything is written.
        Map<String, List<Pending>> byPartition = new LinkedHashMap<>();
        for (IndexRequest request : batch) {
            if (request == null || request.source() == null) {
                throw new IllegalArgumentException("an index request needs a source document");
            }
            String id = request.id() == null ? IndexRequest.newId() : IndexRequest.checkId(request.id());
            String target = IndexNames.writeTarget(request.index(), request.source(), clock.instant());
            Document doc = DocumentMapper.toDocument(id, bytes(request.source()), request.source(),
                    Mapping.forIndex(target));
            byPartition.computeIfAbsent(target, t -> new ArrayList<>()).add(new Pending(id, doc, request.upsert()));
        }
        withReadLock(() -> {
            for (Map.Entry<String, List<Pending>> entry : byPartition.entrySet()) {
                Partition partition = partition(entry.getKey());
                partition.wroteAt(clock.millis());
                merged.remove(partition.name);
                write(partition, entry.getValue());
            }
            return null;
        });
    }

    private record Pending(String id, Document doc, boolean upsert) {}

    private static void write(Partition partition, List<Pending> pending) throws IOException {
        List<Document> appends = new ArrayList<>();
        for (Pending p : pending) {
            if (p.upsert()) {
                partition.append(appends);
                appends.clear();
                partition.upsert(p.id(), p.doc());
            } else {
                appends.add(p.doc());
            }
        }
        partition.append(appends);
    }

    @Override
    public String saveEvent(String index, String id, ObjectNode event) {
        ObjectNode complete = EventDefaults.addRequiredFields(event.deepCopy(), clock, options.mozdefHostname());
        return saveObject(index, id, complete);
    }

    @Override
    public StoredDocument saveAlert(String id, ObjectNode alert) {
        String index = IndexNames.alertsPartition(clock.instant());
        return new StoredDocument(index, saveObject(index, id, alert), alert);
    }

    @Override
    public String saveObject(String index, String id, ObjectNode body) {
        String docId = id == null ? IndexRequest.newId() : id;
        index(List.of(id == null ? IndexRequest.append(index, docId, body) : IndexRequest.upsert(index, docId, body)));
        return docId;
    }

    @Override
    public Optional<StoredDocument> get(String index, String id) {
        if (id == null || id.length() > MAX_ID_LENGTH) {
            return Optional.empty();
        }
        return withReadLock(() -> {
            for (Partition partition : searchTargets(List.of(index))) {
                if (partition.stale()) {
                    partition.refresh(true);    // Elasticsearch's GET is real-time; so is this one.
                }
                Optional<StoredDocument> found = partition.search((searcher, fields) -> {
                    TopDocs top = searcher.search(new TermQuery(new Term(DocumentMapper.ID, id)), 1);
                    if (top.scoreDocs.length == 0) {
                        return Optional.empty();
                    }
                    Document doc = searcher.storedFields().document(top.scoreDocs[0].doc);
                    return Optional.of(new StoredDocument(partition.name, id, source(doc)));
                });
                if (found.isPresent()) {
                    return found;
                }
            }
            return Optional.empty();
        });
    }

    @Override
    public void refresh() {
        withReadLock(() -> {
            for (Partition partition : open.values()) {
                partition.refresh(true);
            }
            return null;
        });
    }

    @Override
    public void refresh(List<String> indices) {
        withReadLock(() -> {
            for (Partition partition : searchTargets(indices)) {
                partition.refresh(true);
            }
            return null;
        });
    }

    @Override
    public void commit() {
        withReadLock(() -> {
            for (Partition partition : open.values()) {
                partition.commit();
            }
            return null;
        });
    }

    @Override
    public SimpleResults search(SearchQuery query, List<String> indices, int size) {
        SearchQuery.checkSize(size);
        QueryTree match = QueryTree.of(query.toMatch(clock.instant()));
        return withReadLock(() -> new SimpleResults(hits(query, match, searchTargets(indices), size), false));
    }

    @Override
    public AggregatedResults aggregate(SearchQuery query, List<String> indices, int size) {
        SearchQuery.checkSize(size);
        QueryTree match = QueryTree.of(query.toMatch(clock.instant()));
        return withReadLock(() -> {
            List<Partition> targets = searchTargets(indices);
            Map<String, List<Bucket>> aggregations = new LinkedHashMap<>();
            for (TermsAggregation aggregation : query.aggregations()) {
                // Partitions are counted in parallel (the caller's thread and the common pool): a 7-day aggregation
                // over millions of events is CPU-bound per partition, and the counts merge afterwards.
                TermsAggregator.Counts counts = new TermsAggregator.Counts();
                targets.parallelStream().forEach(partition -> {
                    try {
                        partition.search((searcher, fields) -> {
                            IndexReader reader = searcher.getIndexReader();
                            boolean current = !partition.stale();
                            counts.add(searcher.search(translate(match, fields), TermsAggregator.manager(
                                    aggregation.field(), reader,
                                    ordinals.get(reader, Encoding.KEYWORD.field(aggregation.field()), current),
                                    ordinals.get(reader, Encoding.IP.field(aggregation.field()), current))));
                            return null;
                        });
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                aggregations.put(aggregation.field(), counts.top(aggregation.size()));
            }
            return new AggregatedResults(hits(query, match, targets, size), false, aggregations);
        });
    }

    @Override
    public long count(SearchQuery query, List<String> indices) {
        QueryTree match = QueryTree.of(query.toMatch(clock.instant()));
        return withReadLock(() -> {
            long total = 0;
            for (Partition partition : searchTargets(indices)) {
                total += partition.search((searcher, fields) -> searcher.count(translate(match, fields)));
            }
            return total;
        });
    }

    /**
     * Hits in partition order (oldest first), then in the order they were written; or, for a sorted query, by
     * the date field across all partitions (ties: partition order, then write order).
     */
    private List<Hit> hits(SearchQuery query, QueryTree match, List<Partition> targets, int size)
            throws IOException {
        if (size == 0) {
            return List.of();
        }
        Optional<SortOrder> order = query.sortOrder();
        if (order.isPresent()) {
            return sortedHits(order.get(), match, targets, size);
        }
        List<Hit> found = new ArrayList<>();
        for (Partition partition : targets) {
            int wanted = size - found.size();
            if (wanted <= 0) {
                break;
            }
            partition.search((searcher, fields) -> {
                TopDocs top = searcher.search(translate(match, fields), wanted, Sort.INDEXORDER);
                StoredFields stored = searcher.storedFields();
                for (ScoreDoc sd : top.scoreDocs) {
                    found.add(hit(partition, stored.document(sd.doc)));
                }
                return null;
            });
        }
        return found;
    }

    /**
     * The first {@code size} hits by the date field over all partitions. Each partition's best {@code size} are found
     * by sort key alone, and only the overall winners' documents are read: a 7-day search used to read and parse 8
     * pages of stored documents to keep one.
     */
    private List<Hit> sortedHits(SortOrder order, QueryTree match, List<Partition> targets, int size)
            throws IOException {
        Sort sort = sort(order);
        List<Partition.Held> held = new ArrayList<>(targets.size());
        try (Closeable release = () -> IOUtils.close(held)) {
            List<SortedHit> found = new ArrayList<>();
            for (int p = 0; p < targets.size(); p++) {
                Partition.Held searcher = targets.get(p).hold();
                held.add(searcher);
                TopDocs top = searcher.searcher().search(translate(match, searcher.fields()), size, sort);
                for (ScoreDoc sd : top.scoreDocs) {
                    found.add(new SortedHit((Long) ((FieldDoc) sd).fields[0], p, found.size(), sd.doc));
                }
            }
            Comparator<SortedHit> byKey = Comparator.comparingLong(SortedHit::key);
            found.sort((order.descending() ? byKey.reversed() : byKey)
                    .thenComparingInt(SortedHit::partition).thenComparingInt(SortedHit::position));
            List<Hit> hits = new ArrayList<>(Math.min(size, found.size()));
            StoredFields[] stored = new StoredFields[targets.size()];
            for (SortedHit winner : found.subList(0, Math.min(size, found.size()))) {
                int p = winner.partition();
                if (stored[p] == null) {
                    stored[p] = held.get(p).searcher().storedFields();
                }
                hits.add(hit(targets.get(p), stored[p].document(winner.doc())));
            }
            return hits;
        }
    }

    private static Hit hit(Partition partition, Document doc) throws IOException {
        return new Hit(doc.get(DocumentMapper.ID), partition.name, 1.0, source(doc));
    }

    private record SortedHit(long key, int partition, int position, int doc) {}

    private static Sort sort(SortOrder order) {
        SortedNumericSortField field = new SortedNumericSortField(Encoding.DATE.field(order.field()),
                SortField.Type.LONG, order.descending());
        // Documents without the field go last in either direction.
        field.setMissingValue(order.descending() ? Long.MIN_VALUE : Long.MAX_VALUE);
        return new Sort(field, SortField.FIELD_DOC);
    }

    private Query translate(QueryTree match, PartitionFields fields) {
        return new QueryTranslator(fields, analyzer).query(match);
    }

    /** The concrete partitions (existing only, oldest first) that index names cover. */
    private List<Partition> searchTargets(List<String> indices) throws IOException {
        if (indices == null || indices.isEmpty()) {
            throw new IllegalArgumentException("name at least one index to search");
        }
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        TreeSet<String> names = new TreeSet<>();
        for (String index : indices) {
            if (index == null) {
                throw new IllegalArgumentException("an index name is null");
            }
            switch (index) {
                case IndexNames.EVENTS, IndexNames.EVENTS_PREVIOUS, IndexNames.EVENTS_WEEKLY ->
                        names.addAll(IndexNames.eventsPartitions(index, today));
                case IndexNames.ALERTS -> known.stream().filter(IndexNames::isAlertsPartition).forEach(names::add);
                default -> {
                    if (index.indexOf('*') >= 0) {
                        Pattern glob = glob(index);
                        known.stream().filter(n -> glob.matcher(n).matches()).forEach(names::add);
                    } else {
                        names.add(index);
                    }
                }
            }
        }
        names.retainAll(known);
        List<Partition> partitions = new ArrayList<>();
        for (String name : names) {
            partitions.add(partition(name));
        }
        return partitions;
    }

    private static Pattern glob(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (String part : pattern.split("\\*", -1)) {
            if (!regex.isEmpty()) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(part));
        }
        return Pattern.compile(regex.toString());
    }

    private Partition partition(String name) throws IOException {
        if (closed) {
            throw new IllegalStateException("the event store is closed");
        }
        try {
            Partition partition = open.computeIfAbsent(name, n -> {
                try {
                    Partition p = Partition.open(n, root.resolve(n), analyzer, options.ramBufferMb());
                    p.wroteAt(clock.millis());
                    known.add(n);
                    return p;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            partition.used(clock.millis());
            return partition;
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Under the read lock, so no partition is pruned while its folder is listed; Lucene folders are flat. */
    @Override
    public List<StorePartition> partitions() {
        return withReadLock(() -> {
            List<StorePartition> partitions = new ArrayList<>();
            for (String name : known) {
                partitions.add(new StorePartition(name, folderBytes(name)));
            }
            return partitions;
        });
    }

    private long folderBytes(String name) throws IOException {
        try (Stream<Path> files = Files.list(root.resolve(name))) {
            return files.mapToLong(LuceneEventStore::size).sum();
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;   // a file Lucene deleted meanwhile (a merge): it takes no space now
        }
    }

    @Override
    public boolean prune(String index) {
        if (index.equals(IndexNames.EVENTS) || index.equals(IndexNames.ALERTS) || IndexNames.isReadOnlyAlias(index)) {
            throw new IllegalArgumentException("'" + index + "' is an alias; prune a concrete partition such as "
                    + "'events-20261101'");
        }
        IndexNames.checkName(index);
        lifecycle.writeLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("the event store is closed");
            }
            Partition partition = open.remove(index);
            if (partition != null) {
                partition.discard();
            }
            boolean existed = known.remove(index);
            Path folder = root.resolve(index);
            if (Files.exists(folder)) {
                try (Stream<Path> files = Files.walk(folder)) {
                    for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
            return existed;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prune " + index, e);
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    /**
     * Commits each partition and copies the files of that commit point, one partition after the other; writes and
     * searches go on meanwhile, pruning and closing wait until the copy is done.
     */
    @Override
    public void snapshot(Path target, LongConsumer copiedBytes) {
        SnapshotFolder.prepare(target);
        withReadLock(() -> {
            for (String name : known) {
                partition(name).snapshot(target.resolve(name), copiedBytes);
            }
            return null;
        });
    }

    /** Commits every partition and closes the store; further calls fail with IllegalStateException. */
    @Override
    public void close() {
        lifecycle.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            refresher.shutdownNow();
            if (merger != null) {
                merger.shutdownNow();
            }
            IOException failure = null;
            for (Partition partition : open.values()) {
                try {
                    partition.close();
                } catch (IOException e) {
                    if (failure == null) {
                        failure = e;
                    } else {
                        failure.addSuppressed(e);
                    }
                }
            }
            open.clear();
            if (failure != null) {
                throw new UncheckedIOException("closing the event store", failure);
            }
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    private void refreshQuietly() {
        closeIdle();
        if (!lifecycle.readLock().tryLock()) {
            return;
        }
        try {
            if (closed) {
                return;
            }
            for (Partition partition : open.values()) {
                partition.refresh(false);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("background refresh failed", e);
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /**
     * Closes partitions unused for {@link #IDLE_CLOSE}, so a long-running store does not keep a writer and its files
     * open for every day it ever touched. Under the write lock: nothing can be using them meanwhile.
     */
    void closeIdle() {
        if (open.values().stream().noneMatch(this::idle) || !lifecycle.writeLock().tryLock()) {
            return;
        }
        try {
            for (Partition partition : List.copyOf(open.values())) {
                if (!closed && idle(partition) && !partition.merging()) {
                    open.remove(partition.name);
                    partition.close();
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("closing idle partitions failed", e);
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    /** Unused for {@link #IDLE_CLOSE}, or for {@link #OLD_IDLE_CLOSE} when it is an event partition older than the rule. */
    private boolean idle(Partition partition) {
        long now = clock.millis();
        int closeAfterDays = options.closeAfterDays();
        boolean old = closeAfterDays > 0 && IndexNames.isEventsPartition(partition.name) && partition.name.compareTo(
                IndexNames.eventsPartition(LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).minusDays(closeAfterDays))) <= 0;
        return partition.idleSince(now - (old ? OLD_IDLE_CLOSE : IDLE_CLOSE).toMillis());
    }

    private void mergeQuietly() {
        try {
            mergeFinishedDays(options.mergeAfter());
        } catch (RuntimeException e) {
            if (!closed) {
                LOG.warn("merging finished days failed", e);
            }
        }
    }

    /**
     * Merges each event partition of a day that ended at least {@code after} ago, and that has not been written for as
     * long (one that is not open counts as quiet: it was closed when idle), down to one segment, one partition after
     * the other (Elasticsearch's force-merge of indices no longer written). A day's partition ends with some twenty
     * segments; merged, an aggregation over it reads one segment's ordinals and terms instead of mapping twenty, and a
     * merge takes seconds per million events. Skipped when the disk could not hold a second copy of the partition with
     * a tenth of it still free. Searches and writes go on meanwhile; closing the store or the partition aborts a merge.
     * Returns the partitions merged.
     */
    public int mergeFinishedDays(Duration after) {
        long now = clock.millis();
        LocalDate lastFinished = LocalDate.ofInstant(clock.instant().minus(after), ZoneOffset.UTC).minusDays(1);
        int mergedNow = 0;
        for (String name : List.copyOf(known)) {
            Optional<LocalDate> day = IndexNames.eventsPartitionDay(name);
            if (closed || day.isEmpty() || day.get().isAfter(lastFinished) || merged.contains(name)) {
                continue;
            }
            try {
                if (mergeOne(name, now - after.toMillis())) {
                    mergedNow++;
                }
            } catch (IOException | RuntimeException e) {
                if (closed || !open.containsKey(name)) {
                    LOG.debug("merge of {} stopped: the partition or the store closed", name, e);
                } else {
                    LOG.warn("merging {} into one segment failed; it stays as it was", name, e);
                }
            }
        }
        return mergedNow;
    }

    /** Merges one partition unless it was written since {@code quietSince} or is one segment already. */
    private boolean mergeOne(String name, long quietSince) throws IOException {
        Partition partition = open.get(name);
        if (partition == null && committedSegments(name) <= 1) {
            merged.add(name);   // a look at its last commit instead of opening it
            return false;
        }
        if (partition != null && partition.writtenSince(quietSince)) {
            return false;
        }
        long size = folderBytes(name);
        FileStore disk = Files.getFileStore(root);
        if (disk.getUsableSpace() - size < disk.getTotalSpace() / 10) {
            LOG.info("not merging {} into one segment: {} MB free is too little to rewrite its {} MB", name,
                    disk.getUsableSpace() >> 20, size >> 20);
            return false;
        }
        Partition target = withReadLock(() -> {
            Partition p = partition(name);
            p.mergeStarting();
            return p;
        });
        long started = System.nanoTime();
        long writesBefore = target.writes();
        int segments = target.mergeToOneSegment();
        if (target.writes() == writesBefore) {
            merged.add(name);   // a write during the merge left a new segment: looked at again once quiet
        }
        if (segments > 1) {
            LOG.info("merged {} from {} segments into one in {} ms", name, segments,
                    (System.nanoTime() - started) / 1_000_000);
        }
        return segments > 1;
    }

    /** Segments in a closed partition's last commit. */
    private int committedSegments(String name) throws IOException {
        try (Directory directory = FSDirectory.open(root.resolve(name))) {
            return SegmentInfos.readLatestCommit(directory).size();
        } catch (NoSuchFileException | IndexNotFoundException e) {
            return 0;
        }
    }

    /** Segments a search of the partition sees now, for tests. */
    int segments(String name) {
        return withReadLock(() -> partition(name).segments());
    }

    /** How many partitions are open now (the rest are on disk only). */
    int openPartitions() {
        return open.size();
    }

    private interface LockedWork<T> {
        T run() throws IOException;
    }

    private <T> T withReadLock(LockedWork<T> work) {
        lifecycle.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("the event store is closed");
            }
            return work.run();
        } catch (IOException | UncheckedIOException e) {
            // A failing disk, or a writer that closed itself after one: nothing can be written until that is fixed.
            throw new StoreUnavailableException("the Lucene store cannot read or write its files: " + e.getMessage(), e);
        } catch (AlreadyClosedException e) {
            throw new StoreUnavailableException("a Lucene index writer closed after an error; restart Rampart to reopen"
                    + " it (the events stay in the journal)", e);
        } catch (IndexSearcher.TooManyClauses e) {
            throw new IllegalArgumentException("query too complex: it expands to more than "
                    + IndexSearcher.getMaxClauseCount() + " clauses; name fields instead of searching all", e);
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    private static byte[] bytes(ObjectNode source) {
        try {
            return Json.MAPPER.writeValueAsBytes(source);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("document cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static ObjectNode source(Document doc) throws IOException {
        BytesRef bytes = doc.getBinaryValue(DocumentMapper.SOURCE);
        return (ObjectNode) Json.MAPPER.readTree(bytes.bytes, bytes.offset, bytes.length);
    }
}
