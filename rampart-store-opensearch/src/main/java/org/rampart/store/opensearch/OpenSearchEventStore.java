package org.rampart.store.opensearch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.rampart.event.EventDefaults;
import org.rampart.event.Json;
import org.rampart.query.AggregatedResults;
import org.rampart.query.Bucket;
import org.rampart.query.EventStore;
import org.rampart.query.Hit;
import org.rampart.query.IndexNames;
import org.rampart.query.IndexRequest;
import org.rampart.query.SearchQuery;
import org.rampart.query.SimpleResults;
import org.rampart.query.SortOrder;
import org.rampart.query.StorePartition;
import org.rampart.query.StoreUnavailableException;
import org.rampart.query.StoredDocument;
import org.rampart.query.TermsAggregation;
import org.rampart.query.tree.FieldKind;
import org.rampart.query.tree.QueryTree;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster store: OpenSearch (or Elasticsearch) through its REST API. Partitions are the cluster's indices with
 * MozDef's names ({@code events-YYYYMMDD}, {@code alerts-YYYYMM}) under MozDef's mapping template; the aliases
 * ({@code events}, {@code events-previous}, {@code events-weekly}, {@code alerts}) resolve by the store's clock exactly
 * as in the embedded store ({@link IndexNames}). Writes go through MozDef's bulk buffer ({@link BulkWriter}); a query
 * is the parsed tree in the query DSL ({@link QueryDsl}). Every index name can carry a prefix, so several Rampart
 * installations (or tests) share one cluster.
 */
public final class OpenSearchEventStore implements EventStore {
    private static final Logger LOG = LoggerFactory.getLogger(OpenSearchEventStore.class);
    private static final String TEMPLATE = "mozdef-template.json";
    /** Where documents the mapping refuses are kept whole, unindexed, so a bad event never blocks the pipeline. */
    static final String UNINDEXED = "rampart-unindexed";
    /** Tries of a search the cluster answers 503 for (about three seconds in all). */
    private static final int SEARCH_ATTEMPTS = 5;
    private static final Pattern INDEX_PATTERN = Pattern.compile("\\.?[a-z0-9*][a-z0-9_+*-]{0,199}");

    /**
     * Settings of the store.
     *
     * @param nodes           node URLs, tried in turn
     * @param username        basic-auth user; empty for none
     * @param password        basic-auth password
     * @param indexPrefix     put before every index name (empty: MozDef's names)
     * @param bulkAmount      documents buffered before a bulk request is sent (MozDef's {@code bulk_amount})
     * @param bulkRefreshTime longest a document waits in the buffer (MozDef's {@code bulk_refresh_time})
     * @param refreshInterval the indices' {@code refresh_interval}: how soon a write becomes searchable
     * @param replicas        replicas of each new index
     * @param timeout         connect and request timeout
     * @param snapshotRepository the cluster's snapshot repository {@link #snapshot} writes to; empty: no snapshots
     * @param mozdefHostname  what {@link #saveEvent} fills into {@code mozdefhostname}
     */
    public record Options(List<URI> nodes, String username, String password, String indexPrefix, int bulkAmount,
                          Duration bulkRefreshTime, Duration refreshInterval, int replicas, Duration timeout,
                          String snapshotRepository, String mozdefHostname) {
        public Options {
            nodes = List.copyOf(nodes);
            if (nodes.isEmpty()) {
                throw new IllegalArgumentException("store.opensearch.url names no node; give at least one URL such as"
                        + " http://127.0.0.1:9200");
            }
            if (bulkAmount < 1) {
                throw new IllegalArgumentException("store.opensearch.bulk_amount must be at least 1: " + bulkAmount);
            }
            if (bulkRefreshTime.isNegative() || bulkRefreshTime.isZero()) {
                throw new IllegalArgumentException("store.opensearch.bulk_refresh_time must be positive");
            }
            if (replicas < 0) {
                throw new IllegalArgumentException("store.opensearch.replicas must not be negative: " + replicas);
            }
            if (!indexPrefix.isEmpty() && !IndexNames.isValidName(indexPrefix + "x")) {
                throw new IllegalArgumentException("store.opensearch.index_prefix '" + indexPrefix + "' would make"
                        + " bad index names: use lowercase letters, digits, '-', '_' and '+'");
            }
        }
    }

    private final OpenSearchClient client;
    private final Clock clock;
    private final Options options;
    private final String prefix;
    private final BulkWriter writer;
    /** Concrete indices written since the last refresh of all: what {@link #refresh()} has to refresh. */
    private final Set<String> written = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService flusher;
    private volatile boolean closed;

    private OpenSearchEventStore(Options options, Clock clock, Path folder) {
        this.options = options;
        this.clock = clock;
        this.prefix = options.indexPrefix();
        this.client = new OpenSearchClient(options.nodes(), options.username(), options.password(), options.timeout());
        this.writer = new BulkWriter(client, options.bulkAmount(), this::keepUnindexed);
        installTemplate();
        ClusterSnapshots.restoreIfPending(client, folder, prefix);
        flusher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rampart-opensearch-bulk");
            t.setDaemon(true);
            return t;
        });
        long millis = options.bulkRefreshTime().toMillis();
        flusher.scheduleWithFixedDelay(this::flushQuietly, millis, millis, TimeUnit.MILLISECONDS);
    }

    /**
     * Connects, installs MozDef's mapping template for this prefix's {@code events-*} and {@code alerts-*}, restores
     * the snapshot {@code folder} points to if it holds one not yet restored ({@link #snapshot}), and starts the bulk
     * timer.
     *
     * @param folder the store's local folder (the data folder's {@code store/}); only snapshot pointers live there
     * @throws StoreUnavailableException when the cluster cannot be reached, IllegalStateException when it refuses the
     *     template, saying why
     */
    public static OpenSearchEventStore open(Options options, Clock clock, Path folder) {
        return new OpenSearchEventStore(options, clock, folder);
    }

    private void installTemplate() {
        ObjectNode template;
        try (InputStream in = OpenSearchEventStore.class.getResourceAsStream(TEMPLATE)) {
            template = (ObjectNode) Json.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundled " + TEMPLATE, e);
        }
        template.putArray("index_patterns").add(prefix + "events-*").add(prefix + "alerts-*");
        ObjectNode settings = (ObjectNode) template.path("template").path("settings");
        settings.put("index.number_of_replicas", options.replicas());
        settings.put("index.refresh_interval", options.refreshInterval().toMillis() + "ms");
        client.expect(client.put("/_index_template/" + prefix + "rampart-mozdef", template),
                "install MozDef's mapping template");
    }

    // ---- writes ----------------------------------------------------------------------------------------------

    @Override
    public void index(List<IndexRequest> batch) {
        checkOpen();
        // Check every request first, so a bad one fails the batch before anything is written.
        List<BulkWriter.Doc> docs = new ArrayList<>(batch.size());
        for (IndexRequest request : batch) {
            if (request == null || request.source() == null) {
                throw new IllegalArgumentException("an index request needs a source document");
            }
            String id = request.id() == null ? IndexRequest.newId() : IndexRequest.checkId(request.id());
            String target = prefix + IndexNames.writeTarget(request.index(), request.source(), clock.instant());
            docs.add(new BulkWriter.Doc(target, id, bytes(request.source())));
        }
        docs.forEach(d -> written.add(d.index()));
        writer.add(docs);
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

    /** Written at once (not buffered): MozDef's save_object returns when the cluster has the document. */
    @Override
    public String saveObject(String index, String id, ObjectNode body) {
        String docId = id == null ? IndexRequest.newId() : id;
        index(List.of(IndexRequest.upsert(index, docId, body)));
        writer.flush();
        return docId;
    }

    /** Keeps documents the mapping refused whole in {@link #UNINDEXED}: found by nothing but kept, and logged. */
    private void keepUnindexed(List<BulkWriter.Rejected> rejected) {
        for (BulkWriter.Rejected r : rejected) {
            LOG.warn("OpenSearch refused document {} for {} ({}); it is kept unindexed in {}", r.doc().id(),
                    r.doc().index(), r.reason(), prefix + UNINDEXED);
        }
        String unindexed = prefix + UNINDEXED;
        if (!client.get("/" + unindexed).ok()) {
            ObjectNode body = Json.object();
            body.putObject("mappings").put("enabled", false);
            OpenSearchClient.Reply created = client.put("/" + unindexed, body);
            if (!created.ok() && !created.reason().contains("already_exists")) {
                client.expect(created, "create " + unindexed);
            }
        }
        StringBuilder ndjson = new StringBuilder();
        for (BulkWriter.Rejected r : rejected) {
            ObjectNode action = Json.object();
            action.putObject("index").put("_index", unindexed).put("_id", r.doc().id());
            ndjson.append(action).append('\n').append(new String(r.doc().source(), StandardCharsets.UTF_8))
                    .append('\n');
        }
        JsonNode reply = client.expect(client.bulk("/_bulk", ndjson.toString().getBytes(StandardCharsets.UTF_8)), "keep refused documents in " + unindexed);
        if (reply.path("errors").asBoolean(false)) {
            throw new IllegalStateException("OpenSearch refused to keep documents in " + unindexed + ": " + reply);
        }
    }

    @Override
    public Optional<StoredDocument> get(String index, String id) {
        checkOpen();
        if (id == null || id.isEmpty() || id.length() > IndexRequest.MAX_ID_LENGTH) {
            return Optional.empty();
        }
        writer.flush();     // Elasticsearch's GET is real time; buffered documents count too.
        List<String> targets = concrete(List.of(index));
        if (targets.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode body = Json.object();
        ArrayNode docs = body.putArray("docs");
        targets.forEach(t -> docs.addObject().put("_index", t).put("_id", id));
        JsonNode reply = client.expect(client.post("/_mget", body), "get document " + id);
        for (JsonNode doc : reply.path("docs")) {
            if (doc.path("found").asBoolean(false)) {
                return Optional.of(new StoredDocument(unprefixed(doc.path("_index").asText()), id,
                        (ObjectNode) doc.path("_source")));
            }
        }
        return Optional.empty();
    }

    @Override
    public void refresh() {
        checkOpen();
        writer.flush();
        List<String> indices = List.copyOf(written);
        if (!indices.isEmpty()) {
            refreshIndices(indices);
            written.removeAll(indices);
        }
    }

    @Override
    public void refresh(List<String> indices) {
        checkOpen();
        writer.flush();
        List<String> targets = concrete(indices);
        if (!targets.isEmpty()) {
            refreshIndices(targets);
        }
    }

    private void refreshIndices(List<String> indices) {
        client.expect(client.post("/" + String.join(",", indices) + "/_refresh?ignore_unavailable=true"
                + "&allow_no_indices=true", null), "refresh " + indices);
    }

    /** Sends the bulk buffer; the cluster syncs its translog before it replies, so acknowledged writes are durable. */
    @Override
    public void commit() {
        checkOpen();
        writer.flush();
    }

    // ---- searches --------------------------------------------------------------------------------------------

    @Override
    public SimpleResults search(SearchQuery query, List<String> indices, int size) {
        SearchQuery.checkSize(size);
        JsonNode reply = run(query, indices, size, false);
        return new SimpleResults(hits(reply), false);
    }

    @Override
    public AggregatedResults aggregate(SearchQuery query, List<String> indices, int size) {
        SearchQuery.checkSize(size);
        JsonNode reply = run(query, indices, size, true);
        Map<String, List<Bucket>> aggregations = new LinkedHashMap<>();
        List<TermsAggregation> asked = query.aggregations();
        for (int i = 0; i < asked.size(); i++) {
            List<Bucket> buckets = new ArrayList<>();
            for (JsonNode bucket : reply.path("aggregations").path("a" + i).path("buckets")) {
                buckets.add(new Bucket(key(bucket), bucket.path("doc_count").asLong()));
            }
            aggregations.put(asked.get(i).field(), buckets);
        }
        return new AggregatedResults(hits(reply), false, aggregations);
    }

    @Override
    public long count(SearchQuery query, List<String> indices) {
        checkOpen();
        QueryTree tree = QueryTree.of(query.toMatch(clock.instant()));
        List<String> targets = concrete(indices);
        if (targets.isEmpty()) {
            return 0;
        }
        ObjectNode body = Json.object();
        body.set("query", QueryDsl.query(tree));
        return searchReply(() -> client.post("/" + String.join(",", targets) + "/_count?ignore_unavailable=true"
                + "&allow_no_indices=true", body)).path("count").asLong();
    }

    /**
     * One search request: hits oldest partition first, then in write order ({@code _seq_no}; every index has one
     * shard), or by the query's date field with documents lacking it last; the aggregations when asked.
     */
    private JsonNode run(SearchQuery query, List<String> indices, int size, boolean aggregations) {
        checkOpen();
        QueryTree tree = QueryTree.of(query.toMatch(clock.instant()));
        List<String> targets = concrete(indices);
        if (targets.isEmpty()) {
            return Json.object();
        }
        ObjectNode body = Json.object();
        body.put("size", size);
        body.put("track_total_hits", false);
        body.set("query", QueryDsl.query(tree));
        ArrayNode sort = body.putArray("sort");
        query.sortOrder().ifPresent(order -> sort.add(sortBy(order)));
        sort.addObject().put("_index", "asc");
        sort.addObject().put("_seq_no", "asc");
        if (aggregations) {
            ObjectNode aggs = body.putObject("aggs");
            List<TermsAggregation> asked = query.aggregations();
            for (int i = 0; i < asked.size(); i++) {
                TermsAggregation a = asked.get(i);
                FieldKind kind = FieldKind.of(a.field());
                if (kind == FieldKind.TEXT || kind == FieldKind.GEO_POINT) {
                    continue;   // no terms to count: the embedded store gives no buckets either
                }
                ObjectNode terms = aggs.putObject("a" + i).putObject("terms");
                terms.put("field", a.field());
                terms.put("size", a.size());
                // Each index counts its top terms; ask each for more than the size, so merged counts are exact in practice.
                terms.put("shard_size", Math.min(TermsAggregation.MAX_SIZE, Math.max(1000, a.size() * 3)));
                ArrayNode order = terms.putArray("order");
                order.addObject().put("_count", "desc");
                order.addObject().put("_key", "asc");
            }
        }
        return searchReply(() -> client.post("/" + String.join(",", targets) + "/_search?ignore_unavailable=true"
                + "&allow_no_indices=true", body));
    }

    private static ObjectNode sortBy(SortOrder order) {
        ObjectNode field = Json.object();
        field.putObject(order.field()).put("order", order.descending() ? "desc" : "asc")
                .put("missing", "_last").put("unmapped_type", "date");
        return field;
    }

    /**
     * Runs a search call, again while the cluster answers 503 (an index created a moment ago has no started shard
     * yet). A query the cluster cannot run is the caller's mistake (400): an IllegalArgumentException with the reason.
     */
    private static JsonNode searchReply(Supplier<OpenSearchClient.Reply> call) {
        OpenSearchClient.Reply reply = call.get();
        for (int attempt = 1; reply.status() == 503 && attempt < SEARCH_ATTEMPTS; attempt++) {
            try {
                Thread.sleep(100L << attempt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            reply = call.get();
        }
        if (reply.status() == 400) {
            throw new IllegalArgumentException("OpenSearch refused the query: " + reply.reason());
        }
        if (reply.unavailable()) {
            throw new StoreUnavailableException("OpenSearch cannot search now: " + reply.reason());
        }
        if (!reply.ok()) {
            throw new IllegalStateException("OpenSearch failed the search: " + reply.reason());
        }
        return reply.body();
    }

    private List<Hit> hits(JsonNode reply) {
        List<Hit> hits = new ArrayList<>();
        for (JsonNode hit : reply.path("hits").path("hits")) {
            hits.add(new Hit(hit.path("_id").asText(), unprefixed(hit.path("_index").asText()), 1.0,
                    (ObjectNode) hit.path("_source")));
        }
        return hits;
    }

    /** A bucket's key as the embedded store gives it: text for keyword, ip and boolean fields, numbers otherwise. */
    private static Object key(JsonNode bucket) {
        JsonNode key = bucket.path("key");
        String text = bucket.path("key_as_string").asText(null);
        if (key.isTextual()) {
            return key.textValue();
        }
        if ("true".equals(text) || "false".equals(text)) {
            return text;
        }
        return key.isIntegralNumber() ? (Object) key.longValue() : (Object) key.doubleValue();
    }

    /**
     * The concrete (prefixed) indices that names cover, sorted (oldest partition first); the events aliases by the
     * clock's day, {@code alerts} and globs by the indices that exist. A name that is not valid finds nothing.
     */
    private List<String> concrete(List<String> indices) {
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
                case IndexNames.ALERTS -> existing("alerts-*").stream().filter(IndexNames::isAlertsPartition)
                        .forEach(names::add);
                default -> {
                    if (index.indexOf('*') >= 0 && INDEX_PATTERN.matcher(index).matches()) {
                        names.addAll(existing(index));
                    } else if (IndexNames.isValidName(index)) {
                        names.add(index);
                    }
                }
            }
        }
        return names.stream().map(n -> prefix + n).toList();
    }

    /** The (unprefixed) names of the open and closed indices of this store matching a pattern. */
    private List<String> existing(String pattern) {
        JsonNode reply = client.expect(client.get("/_cat/indices/" + prefix + pattern
                + "?format=json&h=index&expand_wildcards=open,closed"), "list the indices " + pattern);
        List<String> names = new ArrayList<>();
        for (JsonNode row : reply) {
            String name = unprefixed(row.path("index").asText());
            if (name != null && IndexNames.isValidName(name)) {
                names.add(name);
            }
        }
        return names;
    }

    /** The name without this store's prefix; null when it is not one of this store's. */
    private String unprefixed(String index) {
        return index.startsWith(prefix) ? index.substring(prefix.length()) : null;
    }

    // ---- lifecycle -------------------------------------------------------------------------------------------

    /** Every index of this store (of its prefix), with its primary store size; with no prefix, every visible index. */
    @Override
    public List<StorePartition> partitions() {
        checkOpen();
        JsonNode reply = client.expect(client.get("/_cat/indices/" + prefix + "*?format=json&h=index,pri.store.size"
                + "&bytes=b&expand_wildcards=open,closed"), "list the indices");
        List<StorePartition> partitions = new ArrayList<>();
        for (JsonNode row : reply) {
            String name = unprefixed(row.path("index").asText());
            if (name != null && IndexNames.isValidName(name)) {
                partitions.add(new StorePartition(name, row.path("pri.store.size").asLong(0)));
            }
        }
        partitions.sort(Comparator.comparing(StorePartition::name));
        return partitions;
    }

    @Override
    public boolean prune(String index) {
        checkOpen();
        if (index.equals(IndexNames.EVENTS) || index.equals(IndexNames.ALERTS) || IndexNames.isReadOnlyAlias(index)) {
            throw new IllegalArgumentException("'" + index + "' is an alias; prune a concrete partition such as "
                    + "'events-20261101'");
        }
        IndexNames.checkName(index);
        writer.flush();
        OpenSearchClient.Reply reply = client.delete("/" + prefix + index);
        if (reply.status() == 404) {
            return false;
        }
        client.expect(reply, "delete " + index);
        written.remove(prefix + index);
        return true;
    }

    /**
     * A cluster snapshot of every partition into {@code store.opensearch.snapshot_repository} (the cluster copies the
     * files; a snapshot flushes first, so every acknowledged write is in it), and in {@code target} a pointer to it,
     * so that a store opened on {@code target} restores it ({@link ClusterSnapshots}).
     */
    @Override
    public void snapshot(Path target, LongConsumer copiedBytes) {
        checkOpen();
        writer.flush();
        List<String> indices = partitions().stream().map(p -> prefix + p.name()).toList();
        ClusterSnapshots.create(client, options.snapshotRepository(), prefix, indices, target, clock, copiedBytes);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        flusher.shutdownNow();
        try {
            writer.flush();
            // What this store wrote is visible to the next one opened on the same indices, as with the embedded store.
            List<String> indices = List.copyOf(written);
            if (!indices.isEmpty()) {
                refreshIndices(indices);
            }
        } finally {
            client.close();
        }
    }

    private void flushQuietly() {
        try {
            writer.flush();
        } catch (RuntimeException e) {
            LOG.warn("sending the bulk buffer to OpenSearch failed; it is retried: {}", e.getMessage());
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the event store is closed");
        }
    }

    private static byte[] bytes(ObjectNode source) {
        try {
            return Json.MAPPER.writeValueAsBytes(source);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("document cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }
}
