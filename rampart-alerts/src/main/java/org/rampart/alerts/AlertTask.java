package org.rampart.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.rampart.event.Json;
import org.rampart.event.PythonText;
import org.rampart.event.Timestamps;
import org.rampart.event.ip.IpAddresses;
import org.rampart.query.EventStore;
import org.rampart.query.ExistsMatch;
import org.rampart.query.Hit;
import org.rampart.query.SearchQuery;
import org.rampart.query.SimpleResults;
import org.rampart.query.StoredDocument;
import org.rampart.query.TermMatch;

/**
 * An alert: MozDef's {@code AlertTask} in Java, with MozDef's method names so alerts port line by line.
 *
 * <p>{@link #main()} builds a {@link SearchQuery}, hands it to {@link #filtersManual}, then either calls
 * {@link #searchEventsSimple()} + {@link #walkEvents()} (one alert per event, built by {@link #onEvent}) or
 * {@link #searchEventsAggregated} + {@link #walkAggregations} (one alert per group, built by
 * {@link #onAggregation}). An alert is returned by {@link #createAlertDict}; the task saves it to
 * {@code alerts-YYYYMM}, tags the events it came from, and tells the sinks.
 *
 * <p>An instance keeps the state of one run; {@link #run} may be called again for the next run.
 */
public abstract class AlertTask {
    /** MozDef's page: searches return at most this many hits, and aggregation counts are capped by it. */
    static final int PAGE_SIZE = 1000;

    private AlertEnvironment environment;
    private SearchQuery mainQuery;
    private List<ObjectNode> events = List.of();
    private List<Aggregation> aggregations = List.of();
    private List<String> eventIndices = SearchQuery.DEFAULT_INDICES;
    private final List<StoredDocument> alerts = new ArrayList<>();

    /** Runs the alert once against the environment; returns the alerts it saved (or built, in a dry run). */
    public final synchronized List<StoredDocument> run(AlertEnvironment environment) {
        this.environment = Objects.requireNonNull(environment, "environment");
        this.mainQuery = null;
        this.events = List.of();
        this.aggregations = List.of();
        this.alerts.clear();
        main();
        return List.copyOf(alerts);
    }

    /** The alert author's method: build the query and walk the results. */
    protected abstract void main();

    /** The name written into alerts and into {@code alert_names} of events; MozDef's class name. */
    public String classname() {
        return getClass().getSimpleName();
    }

    /** Builds the alert for one event ({@code {_id,_index,_source}}), or returns null for none. */
    protected ObjectNode onEvent(ObjectNode event) {
        return null;
    }

    /** Builds the alert for one group at or over the threshold, or returns null for none. */
    protected ObjectNode onAggregation(Aggregation aggregation) {
        return null;
    }

    /** Called once when the search matched nothing; deadman alerts build their alert here. */
    protected ObjectNode onNoEvent() {
        return null;
    }

    /** Uses this query for the next search, excluding the events this alert already fired on. */
    protected void filtersManual(SearchQuery query) {
        query.addMustNot(new TermMatch("alert_names", classname()));
        this.mainQuery = query;
    }

    /** Searches these indices instead of {@code events} + {@code events-previous} (e.g. {@code alerts}). */
    protected void setEventIndices(List<String> indices) {
        this.eventIndices = List.copyOf(indices);
    }

    /** Runs the query; the hits are walked by {@link #walkEvents()}. */
    protected void searchEventsSimple() {
        events = execute(pageSize());
    }

    /**
     * Runs the query with {@code exists(field)} added and groups the hits on the field's value, biggest group
     * first (ties in first-seen order), keeping at most {@code samplesLimit} sample events per group.
     */
    protected void searchEventsAggregated(String field, int samplesLimit) {
        requireQuery().addMust(new ExistsMatch(field));
        List<ObjectNode> hits = execute(PAGE_SIZE);
        Map<JsonNode, List<ObjectNode>> groups = new LinkedHashMap<>();
        for (ObjectNode hit : hits) {
            JsonNode value = getValueByPath(hit.path("_source"), field);
            groups.computeIfAbsent(value.isMissingNode() ? Json.object() : value, v -> new ArrayList<>()).add(hit);
        }
        List<Aggregation> result = new ArrayList<>();
        groups.forEach((value, all) -> result.add(new Aggregation(
                PythonText.str(value), all.size(), all.subList(0, Math.min(samplesLimit, all.size())), all)));
        // List.sort is stable, so equal counts keep first-seen order, as Counter.most_common() does.
        result.sort((a, b) -> Integer.compare(b.count(), a.count()));
        aggregations = result;
    }

    /** Calls {@link #onEvent} for every hit, or {@link #onNoEvent()} once when there is none. */
    protected void walkEvents() {
        if (events.isEmpty()) {
            ObjectNode alert = onNoEvent();
            if (alert != null) {
                emit(alert, List.of(), false);
            }
            return;
        }
        for (ObjectNode event : events) {
            ObjectNode alert = onEvent(event);
            if (alert != null) {
                emit(alert, List.of(event), true);
            }
        }
    }

    /** Calls {@link #onAggregation} for every group of at least {@code threshold} hits. */
    protected void walkAggregations(int threshold) {
        for (Aggregation aggregation : aggregations) {
            if (aggregation.count() >= threshold) {
                ObjectNode alert = onAggregation(aggregation);
                if (alert != null) {
                    // Every event of the group is tagged, not only the samples, so none of them alerts again.
                    emit(alert, aggregation.allevents(), true);
                }
            }
        }
    }

    /** The hits of the last {@link #searchEventsSimple()}: {@code {_id,_index,_score,_source}}. */
    protected List<ObjectNode> events() {
        return events;
    }

    /** The groups of the last {@link #searchEventsAggregated}. */
    protected List<Aggregation> aggregations() {
        return aggregations;
    }

    /** MozDef's createAlertDict with the default severity NOTICE. */
    protected ObjectNode createAlertDict(String summary, String category, List<String> tags, List<ObjectNode> events) {
        return createAlertDict(summary, category, tags, events, "NOTICE");
    }

    /** MozDef's createAlertDict: the alert document, its sample events referenced as MozDef does. */
    protected ObjectNode createAlertDict(String summary, String category, List<String> tags, List<ObjectNode> events,
            String severity) {
        return createAlertDict(summary, category, tags, events, severity, null, null, null);
    }

    /**
     * MozDef's createAlertDict with the optional keys: {@code url} (kept only if non-empty), {@code channel}
     * (chat channel; a non-empty one makes the bot notify), {@code notifyMozdefbot} (null: decided from severity).
     */
    protected ObjectNode createAlertDict(String summary, String category, List<String> tags, List<ObjectNode> events,
            String severity, String url, String channel, Boolean notifyMozdefbot) {
        ObjectNode alert = Json.object();
        alert.put("utctimestamp", Timestamps.isoformat(now()));
        alert.put("severity", severity);
        alert.put("summary", summary);
        alert.put("category", category);
        ArrayNode tagArray = alert.putArray("tags");
        tags.forEach(tagArray::add);
        ArrayNode refs = alert.putArray("events");
        for (ObjectNode event : events) {
            ObjectNode ref = refs.addObject();
            ref.put("documentindex", event.path("_index").asText());
            ref.set("documentsource", event.path("_source").deepCopy());
            ref.put("documentid", event.path("_id").asText());
        }
        alert.put("channel", channel);
        if (notifyMozdefbot == null) {
            alert.putNull("notify_mozdefbot");
        } else {
            alert.put("notify_mozdefbot", notifyMozdefbot);
        }
        alert.put("status", "manual");
        if (url != null && !url.isEmpty()) {
            alert.put("url", url);
        }
        alert.put("classname", classname());
        return alert;
    }

    /** MozDef's parse_config: the {@code [options]} values of this file, "" for a missing key. */
    protected Map<String, String> parseConfig(String file, String... keys) {
        return environment().config().parseConfig(file, keys);
    }

    /** This Rampart's own watchlist terms, newest first; empty when the run has no state database (a CLI run). */
    protected Optional<List<String>> localWatchlist() {
        return environment().watchlist().map(Supplier::get);
    }

    /** MozDef's parse_json_alert_config. */
    protected JsonNode parseJsonAlertConfig(String file) {
        return environment().config().parseJsonAlertConfig(file);
    }

    /** The run's clock reading, truncated to microseconds as Python keeps it. */
    protected Instant now() {
        return environment().clock().instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    }

    /** The store, for alerts that keep state of their own (geomodel's localities). */
    protected EventStore store() {
        return environment().store();
    }

    /** True in a dry run (run --dry-run, backtests): the alert must then leave the store as it found it. */
    protected boolean dryRun() {
        return environment().dryRun();
    }

    /**
     * MozDef's add_hostname_to_ip: {@code format} with {0} the IP and {1} its host name, or the bare IP when
     * there is no name, or when {@code requireInternal} and the IP is public.
     */
    protected String addHostnameToIp(String ip, String format, boolean requireInternal) {
        InetAddress address = IpAddresses.address(ip);
        if (address == null || (requireInternal && !IpAddresses.isPrivate(address))) {
            return ip;
        }
        String hostname = environment().reverseDns(ip);
        return hostname == null ? ip : format.replace("{0}", ip).replace("{1}", hostname);
    }

    /** MozDef's getValueByPath on a dotted path; a missing node when any part is absent. */
    public static JsonNode getValueByPath(JsonNode node, String dottedPath) {
        JsonNode current = node;
        for (String part : dottedPath.split("\\.")) {
            if (current == null || !current.isObject()) {
                return MissingNode.getInstance();
            }
            current = current.get(part);
        }
        return current == null ? MissingNode.getInstance() : current;
    }

    /** The text at a dotted path, or {@code fallback} when it is absent or null. */
    public static String text(JsonNode node, String dottedPath, String fallback) {
        JsonNode value = getValueByPath(node, dottedPath);
        return value.isMissingNode() || value.isNull() ? fallback : PythonText.str(value);
    }

    /**
     * MozDef's mostCommon: counts the values whose key path has the same set of components as
     * {@code dottedPath} (order ignored, as MozDef), most common first, ties in first-seen order.
     */
    public static List<Map.Entry<String, Integer>> mostCommon(List<? extends JsonNode> documents, String dottedPath) {
        java.util.Set<String> wanted = java.util.Set.of(dottedPath.split("\\."));
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (JsonNode document : documents) {
            collectLeaves(document, new ArrayList<>(), wanted, counts);
        }
        List<Map.Entry<String, Integer>> result = new ArrayList<>(counts.entrySet());
        result.sort((a, b) -> Integer.compare(b.getValue(), a.getValue()));
        return result;
    }

    private static void collectLeaves(JsonNode node, List<String> path, java.util.Set<String> wanted,
            Map<String, Integer> counts) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                path.add(field.getKey());
                collectLeaves(field.getValue(), path, wanted, counts);
                path.remove(path.size() - 1);
            }
        } else if (!path.isEmpty() && new java.util.HashSet<>(path).equals(wanted)) {
            counts.merge(PythonText.str(node), 1, Integer::sum);
        }
    }

    int pageSize() {
        return PAGE_SIZE;
    }

    private AlertEnvironment environment() {
        if (environment == null) {
            throw new IllegalStateException("an alert runs through run(AlertEnvironment), not by calling main()");
        }
        return environment;
    }

    private SearchQuery requireQuery() {
        if (mainQuery == null) {
            throw new IllegalStateException(classname() + ": call filtersManual(query) before searching");
        }
        return mainQuery;
    }

    private List<ObjectNode> execute(int size) {
        List<ObjectNode> hits = hitsOf(anchored(requireQuery()).execute(environment().store(), eventIndices, size));
        return hits.stream().filter(hit -> !environment().taggedInDryRun(classname(), hit)).toList();
    }

    /**
     * The query with a relative window turned into absolute instants from this run's clock, so the alert's clock
     * decides the window (a backtest or a test clock works on any store, whatever the store's own clock says).
     */
    private SearchQuery anchored(SearchQuery query) {
        if (query.lookback().isEmpty()) {
            return query;
        }
        Instant end = environment().clock().instant();
        SearchQuery absolute = SearchQuery.between(end.minus(query.lookback().get()), end);
        absolute.addMust(query.must());
        absolute.addMustNot(query.mustNot());
        absolute.addShould(query.should());
        query.aggregations().forEach(absolute::addAggregation);
        query.sortOrder().ifPresent(order -> absolute.sortBy(order.field(), order.descending()));
        return absolute;
    }

    /** Saves through the environment's writer; a saved (or, in a dry run, built) alert is kept as a result. */
    private void emit(ObjectNode alert, List<ObjectNode> triggering, boolean runPlugins) {
        new AlertWriter(environment()).save(alert, triggering, runPlugins).ifPresent(alerts::add);
    }

    private static List<ObjectNode> hitsOf(SimpleResults results) {
        return results.hits().stream().map(Hit::toJson).toList();
    }
}
