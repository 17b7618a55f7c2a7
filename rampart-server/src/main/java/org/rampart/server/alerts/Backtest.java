package org.rampart.server.alerts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.rampart.alerts.AlertBacktest;
import org.rampart.alerts.AlertTask;
import org.rampart.event.config.RampartConfig;
import org.rampart.event.extension.Extensions;
import org.rampart.query.AggregatedResults;
import org.rampart.query.EventStore;
import org.rampart.query.ForwardingEventStore;
import org.rampart.query.SearchQuery;
import org.rampart.query.SimpleResults;
import org.rampart.server.extensions.ConfiguredExtensions;

/**
 * {@code rampart alert backtest}: {@link AlertBacktest} on the data folder's store, with the environment the
 * {@code alerts.*} keys describe, in steps of the alert's own search window unless a step is given. The run at
 * {@code from} looks at the window before it; events the alert already fired on are skipped, as in a live run.
 */
public final class Backtest {
    /** Most steps in one backtest, so a typo in the dates cannot run for hours. */
    public static final int MAX_STEPS = 100_000;

    /**
     * What the backtest raised.
     *
     * @param window the step: the alert's search window, or the step asked for
     * @param steps how many runs there were
     * @param raised every alert it would have raised, with the instant of the run, in run order
     */
    public record Result(Duration window, long steps, List<AlertBacktest.Raised> raised) {}

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
        Supplier<AlertTask> alert = AlertRuntime.alert(config, name);
        AlertBacktest backtest = new AlertBacktest(from);
        Extensions extensions = ConfiguredExtensions.of(config);
        try (EventStore opened = ConfiguredExtensions.openStore(config, extensions, backtest.clock())) {
            Duration window = step != null ? step : window(config, extensions, opened, backtest.clock(), alert);
            if (window.isZero() || window.isNegative()) {
                throw new IllegalArgumentException("the step must be positive, got " + window);
            }
            long steps = Duration.between(from, to).dividedBy(window) + 1;
            if (steps > MAX_STEPS) {
                throw new IllegalArgumentException("from " + from + " to " + to + " in steps of " + window + " is "
                        + steps + " runs; at most " + MAX_STEPS + " (shorten the range or pass a larger --step)");
            }
            List<AlertBacktest.Raised> raised = backtest.run(alert, clock -> AlertRuntime.environment(config, extensions, opened, clock),
                    to, window);
            return new Result(window, steps, raised);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The longest time window the alert searches, found by one dry run; a minute if it searched none. */
    private static Duration window(RampartConfig config, Extensions extensions, EventStore store, Clock clock,
            Supplier<AlertTask> alert) {
        WindowProbe probe = new WindowProbe(store);
        alert.get().run(AlertRuntime.environment(config, extensions, probe, clock).dryRun(true).build());
        return probe.window.orElse(Duration.ofMinutes(1));
    }

    /** Passes everything to the store and notes the longest time window an alert searched. */
    private static final class WindowProbe extends ForwardingEventStore {
        private volatile Optional<Duration> window = Optional.empty();

        WindowProbe(EventStore store) {
            super(store);
        }

        private void note(SearchQuery query) {
            // Alerts anchor their relative window to their clock (from/to) before searching; either form counts.
            query.lookback().or(() -> query.from().flatMap(f -> query.to().map(t -> Duration.between(f, t)))).ifPresent(w -> {
                if (window.isEmpty() || w.compareTo(window.get()) > 0) {
                    window = Optional.of(w);
                }
            });
        }

        @Override
        public SimpleResults search(SearchQuery query, List<String> indices, int size) {
            note(query);
            return delegate.search(query, indices, size);
        }

        @Override
        public AggregatedResults aggregate(SearchQuery query, List<String> indices, int size) {
            note(query);
            return delegate.aggregate(query, indices, size);
        }

        @Override
        public long count(SearchQuery query, List<String> indices) {
            note(query);
            return delegate.count(query, indices);
        }
    }
}
