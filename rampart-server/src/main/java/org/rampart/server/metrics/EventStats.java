package org.rampart.server.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.rampart.event.EventFields;
import org.rampart.event.config.RampartConfig;
import org.rampart.query.Bucket;
import org.rampart.query.EventStore;
import org.rampart.query.MissingMatch;
import org.rampart.query.SearchQuery;
import org.rampart.query.StorePartition;
import org.rampart.query.TermMatch;
import org.rampart.query.TermsAggregation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MozDef's {@code eventStats} and {@code verify_event_fields} cron jobs as gauges, computed on Rampart's own schedule
 * ({@code metrics.event_stats.interval}): events stored in the last {@code metrics.event_stats.window} per category
 * ({@code rampart_events_by_category{category}}, the 50 largest), and per required field the events of the last
 * {@code metrics.required_fields_window} that lack it ({@code rampart_events_missing_field{field}}): absent, or
 * {@code UNKNOWN}, the value normalization gives a field a shipper did not send. The same job lists the store's
 * partitions with their size ({@code rampart_store_partition_bytes{partition}}), what retention and snapshots act on.
 */
public final class EventStats implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventStats.class);
    /** Categories come from events, so from outside: only the largest ones become series. */
    static final int MAX_CATEGORIES = 50;

    private final EventStore store;
    private final Duration window;
    private final Duration requiredFieldsWindow;
    private final MultiGauge byCategory;
    private final MultiGauge partitionBytes;
    private final Map<String, AtomicLong> missing = new LinkedHashMap<>();
    private final ScheduledExecutorService runs;

    private EventStats(EventStore store, MeterRegistry registry, Duration window, List<String> requiredFields,
                       Duration requiredFieldsWindow, Duration interval) {
        this.store = store;
        this.window = window;
        this.requiredFieldsWindow = requiredFieldsWindow;
        this.byCategory = MultiGauge.builder("rampart.events.by.category")
                .description("events stored in the last metrics.event_stats.window, per category").register(registry);
        // The lifecycle's view of the store: one series per concrete partition (retention bounds their number).
        this.partitionBytes = MultiGauge.builder("rampart.store.partition.bytes").baseUnit("bytes")
                .description("size on disk of each store partition (events-YYYYMMDD, alerts-YYYYMM, ...)").register(registry);
        for (String field : requiredFields) {
            AtomicLong count = new AtomicLong();
            missing.put(field, count);
            Gauge.builder("rampart.events.missing.field", count, AtomicLong::get)
                    .description("events of the last metrics.required_fields_window without this required field")
                    .tag("field", field).register(registry);
        }
        this.runs = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("rampart-event-stats").daemon().factory());
        runs.scheduleWithFixedDelay(this::runQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Starts the job the {@code metrics.*} keys describe; null when {@code metrics.event_stats.interval} is 0. */
    public static EventStats start(RampartConfig config, EventStore store, MeterRegistry registry) {
        Duration interval = config.duration("metrics.event_stats.interval");
        if (interval.isZero()) {
            return null;
        }
        return new EventStats(store, registry, config.duration("metrics.event_stats.window"),
                config.list("metrics.required_fields"), config.duration("metrics.required_fields_window"), interval);
    }

    private void runQuietly() {
        try {
            run();
        } catch (RuntimeException e) {
            LOG.warn("event stats: the store could not be asked ({}); the gauges keep their last values", e.getMessage());
        }
    }

    /** One computation of every gauge. */
    void run() {
        SearchQuery recent = SearchQuery.lookback(window).addAggregation(new TermsAggregation(EventFields.CATEGORY, MAX_CATEGORIES));
        List<Bucket> buckets = store.aggregate(recent, SearchQuery.DEFAULT_INDICES, 0).aggregations()
                .getOrDefault(EventFields.CATEGORY, List.of());
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        for (Bucket bucket : buckets) {
            rows.add(MultiGauge.Row.of(Tags.of("category", String.valueOf(bucket.key())), bucket.count()));
        }
        byCategory.register(rows, true);
        List<MultiGauge.Row<?>> partitions = new ArrayList<>();
        for (StorePartition partition : store.partitions()) {
            partitions.add(MultiGauge.Row.of(Tags.of("partition", partition.name()), partition.sizeBytes()));
        }
        partitionBytes.register(partitions, true);
        missing.forEach((field, count) -> count.set(
                store.count(SearchQuery.lookback(requiredFieldsWindow).addMust(new MissingMatch(field)), SearchQuery.DEFAULT_INDICES)
                        + store.count(SearchQuery.lookback(requiredFieldsWindow).addMust(new TermMatch(field, EventFields.UNKNOWN)),
                        SearchQuery.DEFAULT_INDICES)));
    }

    @Override
    public void close() {
        runs.shutdownNow();
    }
}
