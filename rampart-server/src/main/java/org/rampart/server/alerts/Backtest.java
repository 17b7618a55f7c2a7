package org.rampart.server.alerts;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.rampart.event.config.RampartConfig;
import org.rampart.query.AggregatedResults;
import org.rampart.query.EventStore;
import org.rampart.query.IndexRequest;
import org.rampart.query.SearchQuery;
import org.rampart.query.SimpleResults;
import org.rampart.query.StoredDocument;

/**
 * Replays one alert over stored history: the alert runs as a dry run at {@code from + window}, then every
 * {@code window} until {@code to}, with the clock (the store's and the alert's) set to each step, so consecutive
 * runs look at adjacent windows. Nothing is saved or tagged; events the alert already fired on are skipped, as in
 * a live run.
 */
public final class Backtest {
    /** Most steps in one backtest, so a typo in the dates cannot run for hours. */
    public static final int MAX_STEPS = 100_000;

    /** What the alert would have raised when run at {@code at}. */
    public record Step(Instant at, List<ObjectNode> alerts) {}

    /** The steps that raised alerts, and the window the alert searches (the step). */
    public record Result(Duration window, int steps, List<Step> raised) {}

    private Backtest() {}

    /**
     * Runs the backtest on the data folder's store (the server must be stopped: the embedded store has one writer).
     *
     * @param step the step, or null for the alert's own search window
     */
    public static Result run(RampartConfig config, String name, Instant from, Instant to, Duration step) {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("--from must be before --to: " + from + " / " + to);
        }
        SteppedClock clock = new SteppedClock(from);
        try (EventStore opened = Stores.openEmbedded(config, clock)) {
            WindowProbe store = new WindowProbe(opened);
            try (AlertRuntime runtime = AlertRuntime.create(config, store, clock, true)) {
                // A first run ending at `from` tells the alert's window; its alerts lie before the range.
                runtime.runNow(name);
                Duration window = step != null ? step : store.window.orElse(Duration.ofMinutes(1));
                if (window.isZero() || window.isNegative()) {
                    throw new IllegalArgumentException("the step must be positive, got " + window);
                }
                long steps = Duration.between(from, to).dividedBy(window);
                if (steps > MAX_STEPS) {
                    throw new IllegalArgumentException("from " + from + " to " + to + " in steps of " + window + " is "
                            + steps + " runs; at most " + MAX_STEPS + " (shorten the range or pass a larger --step)");
                }
                List<Step> raised = new ArrayList<>();
                int count = 0;
                for (Instant at = from.plus(window); !at.isAfter(to); at = at.plus(window)) {
                    clock.set(at);
                    count++;
                    List<ObjectNode> alerts = runtime.runNow(name).stream().map(StoredDocument::source).toList();
                    if (!alerts.isEmpty()) {
                        raised.add(new Step(at, alerts));
                    }
                }
                return new Result(window, count, raised);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A clock that stays where it is set. */
    private static final class SteppedClock extends Clock {
        private volatile Instant now;

        SteppedClock(Instant now) {
            this.now = now;
        }

        void set(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("the backtest clock is UTC only");
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** Passes everything to the store and notes the longest lookback window an alert searched. */
    private static final class WindowProbe implements EventStore {
        private final EventStore store;
        private volatile Optional<Duration> window = Optional.empty();

        WindowProbe(EventStore store) {
            this.store = store;
        }

        private void note(SearchQuery query) {
            query.lookback().ifPresent(w -> {
                if (window.isEmpty() || w.compareTo(window.get()) > 0) {
                    window = Optional.of(w);
                }
            });
        }

        @Override
        public SimpleResults search(SearchQuery query, List<String> indices, int size) {
            note(query);
            return store.search(query, indices, size);
        }

        @Override
        public AggregatedResults aggregate(SearchQuery query, List<String> indices, int size) {
            note(query);
            return store.aggregate(query, indices, size);
        }

        @Override
        public long count(SearchQuery query, List<String> indices) {
            note(query);
            return store.count(query, indices);
        }

        @Override
        public void index(List<IndexRequest> batch) {
            store.index(batch);
        }

        @Override
        public String saveEvent(String index, String id, ObjectNode event) {
            return store.saveEvent(index, id, event);
        }

        @Override
        public String saveAlert(String id, ObjectNode alert) {
            return store.saveAlert(id, alert);
        }

        @Override
        public String saveObject(String index, String id, ObjectNode body) {
            return store.saveObject(index, id, body);
        }

        @Override
        public Optional<StoredDocument> get(String index, String id) {
            return store.get(index, id);
        }

        @Override
        public void refresh() {
            store.refresh();
        }

        @Override
        public void commit() {
            store.commit();
        }

        @Override
        public void close() {
            // The backtest closes the store it opened.
        }
    }
}
