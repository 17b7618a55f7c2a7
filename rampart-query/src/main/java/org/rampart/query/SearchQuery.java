package org.rampart.query;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * MozDef's SearchQuery: a time window plus must / must_not / should matchers and optional aggregations.
 *
 * <pre>{@code
 * SearchQuery q = SearchQuery.minutes(15);
 * q.addMust(new TermMatch("category", "bro"));
 * SimpleResults r = q.execute(store, List.of("events", "events-previous"), 1000);
 * }</pre>
 *
 * <p>A relative window ({@link #minutes}, {@link #hours}, {@link #days}) is resolved against the store's clock
 * when the query runs. As in MozDef, an event is in the window when its {@code utctimestamp} <em>or</em> its
 * {@code receivedtimestamp} lies in {@code [now - window, now]}, both ends inclusive.
 */
public final class SearchQuery {
    /** MozDef's indices when none are given. */
    public static final List<String> DEFAULT_INDICES = List.of(IndexNames.EVENTS, IndexNames.EVENTS_PREVIOUS);
    /** MozDef's page size when none is given. */
    public static final int DEFAULT_SIZE = 1000;
    /** Most hits one search may return (Elasticsearch's {@code max_result_window}). */
    public static final int MAX_SIZE = 10_000;

    private final Duration lookback;
    private final Instant from;
    private final Instant to;
    private final List<Match> must = new ArrayList<>();
    private final List<Match> mustNot = new ArrayList<>();
    private final List<Match> should = new ArrayList<>();
    private final List<TermsAggregation> aggregations = new ArrayList<>();
    private SortOrder sortOrder;

    private SearchQuery(Duration lookback, Instant from, Instant to) {
        this.lookback = lookback;
        this.from = from;
        this.to = to;
    }

    /** Events of the last {@code n} minutes. */
    public static SearchQuery minutes(long n) {
        return lookback(Duration.ofMinutes(n));
    }

    /** Events of the last {@code n} hours. */
    public static SearchQuery hours(long n) {
        return lookback(Duration.ofHours(n));
    }

    /** Events of the last {@code n} days. */
    public static SearchQuery days(long n) {
        return lookback(Duration.ofDays(n));
    }

    /** Events of the given time before now. */
    public static SearchQuery lookback(Duration window) {
        if (window == null || window.isNegative()) {
            throw new IllegalArgumentException("a time window must not be negative: " + window);
        }
        return new SearchQuery(window, null, null);
    }

    /** Events between two instants, both inclusive. */
    public static SearchQuery between(Instant from, Instant to) {
        if (from == null || to == null) {
            throw new IllegalArgumentException("both ends of the time window are required");
        }
        return new SearchQuery(null, from, to);
    }

    /** Every document, whatever its time (MozDef's {@code SearchQuery()} with no window). */
    public static SearchQuery all() {
        return new SearchQuery(null, null, null);
    }

    public SearchQuery addMust(Match... matches) {
        return addMust(Arrays.asList(matches));
    }

    public SearchQuery addMust(List<? extends Match> matches) {
        must.addAll(checked(matches));
        return this;
    }

    public SearchQuery addMustNot(Match... matches) {
        return addMustNot(Arrays.asList(matches));
    }

    public SearchQuery addMustNot(List<? extends Match> matches) {
        mustNot.addAll(checked(matches));
        return this;
    }

    public SearchQuery addShould(Match... matches) {
        return addShould(Arrays.asList(matches));
    }

    public SearchQuery addShould(List<? extends Match> matches) {
        should.addAll(checked(matches));
        return this;
    }

    public SearchQuery addAggregation(TermsAggregation aggregation) {
        if (aggregation == null) {
            throw new IllegalArgumentException("aggregation is null");
        }
        aggregations.add(aggregation);
        return this;
    }

    /**
     * Orders hits by a date field ({@code utctimestamp}, {@code receivedtimestamp}, ...), newest first when
     * {@code descending}. Without it hits come oldest partition first, then in write order, as in MozDef.
     */
    public SearchQuery sortBy(String dateField, boolean descending) {
        sortOrder = new SortOrder(dateField, descending);
        return this;
    }

    /** The hit order set by {@link #sortBy}, if any. */
    public Optional<SortOrder> sortOrder() {
        return Optional.ofNullable(sortOrder);
    }

    private static List<? extends Match> checked(List<? extends Match> matches) {
        for (Match m : matches) {
            if (m == null) {
                throw new IllegalArgumentException("a matcher is null");
            }
        }
        return matches;
    }

    public List<Match> must() {
        return Collections.unmodifiableList(must);
    }

    public List<Match> mustNot() {
        return Collections.unmodifiableList(mustNot);
    }

    public List<Match> should() {
        return Collections.unmodifiableList(should);
    }

    public List<TermsAggregation> aggregations() {
        return Collections.unmodifiableList(aggregations);
    }

    /** The relative window ({@link #minutes} etc.), if the query has one. */
    public Optional<Duration> lookback() {
        return Optional.ofNullable(lookback);
    }

    /** The absolute start ({@link #between}), if the query has one. */
    public Optional<Instant> from() {
        return Optional.ofNullable(from);
    }

    /** The absolute end ({@link #between}), if the query has one. */
    public Optional<Instant> to() {
        return Optional.ofNullable(to);
    }

    /**
     * The whole query as one BooleanMatch, with the time window resolved against {@code now}: what a store
     * translates and runs.
     */
    public BooleanMatch toMatch(Instant now) {
        List<Match> all = new ArrayList<>(must);
        Instant start = lookback != null ? now.minus(lookback) : from;
        Instant end = lookback != null ? now : to;
        if (start != null) {
            all.add(BooleanMatch.anyOf(
                    new RangeMatch("utctimestamp", start, end),
                    new RangeMatch("receivedtimestamp", start, end)));
        }
        return new BooleanMatch(all, mustNot, should);
    }

    /** Runs against MozDef's default indices ({@code events}, {@code events-previous}), 1000 hits. */
    public SimpleResults execute(EventStore store) {
        return execute(store, DEFAULT_INDICES, DEFAULT_SIZE);
    }

    /** Runs without aggregations: MozDef's SimpleResults. */
    public SimpleResults execute(EventStore store, List<String> indices, int size) {
        return store.search(this, indices, size);
    }

    /** Runs with the aggregations: MozDef's AggregatedResults. */
    public AggregatedResults executeAggregated(EventStore store, List<String> indices, int size) {
        return store.aggregate(this, indices, size);
    }

    /** Throws unless {@code size} is a valid page size; stores call it. */
    public static int checkSize(int size) {
        if (size < 0 || size > MAX_SIZE) {
            throw new IllegalArgumentException("size must be between 0 and " + MAX_SIZE + ": " + size);
        }
        return size;
    }

    @Override
    public String toString() {
        return QueryJson.write(this).toString();
    }
}
