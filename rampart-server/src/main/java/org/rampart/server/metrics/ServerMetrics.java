package org.rampart.server.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import org.rampart.alerts.actions.AlertActions;
import org.rampart.alerts.rules.StreamingAlerts;
import org.rampart.event.config.RampartConfig;
import org.rampart.query.EventStore;

/**
 * The server's one meter registry ({@code GET /metrics} on the REST port serves it) and the meters that read other
 * components' state when scraped. Components that count as they work get the registry itself: the intake, the plugin
 * chain, the REST server, the alert runtime.
 */
public final class ServerMetrics implements AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private EventStats eventStats;

    public ServerMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        gc.bindTo(registry);
    }

    /** The registry, for components to record into and for {@code GET /metrics}. */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** {@code store}, measured: documents stored per partition family, write and query latency. */
    public EventStore measured(EventStore store) {
        return new MeteredEventStore(store, registry);
    }

    /** The journal's depth, read at each scrape: the same numbers intake's {@code /status} and back-pressure use. */
    public void bindJournal(JournalDepth journal, Clock clock) {
        gauge("rampart.journal.unconsumed.bytes", "journal bytes not yet checkpointed", journal, JournalDepth::unconsumedBytes);
        gauge("rampart.journal.unconsumed.records", "journal records not yet checkpointed", journal,
                JournalDepth::unconsumedRecords);
        gauge("rampart.journal.oldest.unconsumed.age.seconds", "age of the oldest record not yet checkpointed", journal,
                j -> j.oldestUnconsumedAge(clock.instant()).toMillis() / 1000.0);
        gauge("rampart.journal.quarantined.records", "corrupt journal records passed over and kept aside", journal,
                JournalDepth::quarantinedRecords);
    }

    /** Starts MozDef's eventStats and verify_event_fields as gauges over {@code store} ({@code metrics.*} keys). */
    public void startEventStats(RampartConfig config, EventStore store) {
        eventStats = EventStats.start(config, store, registry);
    }

    /** The streaming alerts' counters. */
    public void bindStreamingAlerts(Supplier<StreamingAlerts.Stats> stats) {
        FunctionCounter.builder("rampart.streaming.alerts.raised", stats, s -> s.get().raised())
                .description("alerts raised by streaming rules").register(registry);
        FunctionCounter.builder("rampart.streaming.alerts.saved", stats, s -> s.get().saved())
                .description("streaming alerts saved").register(registry);
        FunctionCounter.builder("rampart.streaming.alerts.failed", stats, s -> s.get().failed())
                .description("streaming alerts whose save failed").register(registry);
    }

    /**
     * Deliveries, retries and dead letters of each configured alert action, labelled by its type in configuration order
     * ({@code webhook}, {@code webhook-2}, ...): an action's name carries its URL, which may hold a secret.
     */
    public static void bindActions(AlertActions actions, MeterRegistry registry) {
        Map<String, Integer> seen = new HashMap<>();
        for (String action : actions.actionNames()) {
            String type = action.contains(":") ? action.substring(0, action.indexOf(':')) : action;
            int nth = seen.merge(type, 1, Integer::sum);
            String label = nth == 1 ? type : type + "-" + nth;
            FunctionCounter.builder("rampart.action.deliveries", actions, a -> a.stats(action).delivered())
                    .description("alert messages an action delivered").tag("action", label).register(registry);
            FunctionCounter.builder("rampart.action.retries", actions, a -> a.stats(action).retried())
                    .description("failed deliveries retried").tag("action", label).register(registry);
            FunctionCounter.builder("rampart.action.dead.letters", actions, a -> a.stats(action).deadLettered())
                    .description("deliveries given up and written to the dead-letter file").tag("action", label)
                    .register(registry);
        }
    }

    private <T> void gauge(String name, String description, T source, ToDoubleFunction<T> value) {
        Gauge.builder(name, source, value).description(description).strongReference(true).register(registry);
    }

    @Override
    public void close() {
        if (eventStats != null) {
            eventStats.close();
        }
        gc.close();
        registry.close();
    }
}
