package org.rampart.alerts;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.rampart.query.StoredDocument;

/**
 * Replays an alert over stored history: runs it (dry, nothing written) at every step from {@code from} to
 * {@code to}, each event firing at most once per alert as tagging would make it, and lists what it would have
 * raised. The store must run on {@link #clock()} too, since it resolves {@code events}/{@code events-previous}
 * from its own clock.
 */
public final class AlertBacktest {
    private final SteppingClock clock;

    /** A backtest starting at {@code from}; open the store on {@link #clock()}. */
    public AlertBacktest(Instant from) {
        this.clock = new SteppingClock(from);
    }

    /** The clock the backtest moves; give it to the store and to nothing else. */
    public Clock clock() {
        return clock;
    }

    /** One alert the replay raised, with the instant of the run that raised it. */
    public record Raised(Instant at, StoredDocument alert) {}

    /**
     * Runs a fresh alert at {@code from}, {@code from + step}, ... up to and including {@code to}, with an
     * environment that {@code environment} builds from a builder on this backtest's clock (add the store, config).
     */
    public List<Raised> run(Supplier<? extends AlertTask> alert, java.util.function.Function<Clock, AlertEnvironment.Builder> environment,
            Instant to, Duration step) {
        if (step.isNegative() || step.isZero()) {
            throw new IllegalArgumentException("the backtest step must be positive, got " + step);
        }
        AlertEnvironment env = environment.apply(clock).dryRun(true).build();
        List<Raised> raised = new ArrayList<>();
        for (Instant at = clock.instant(); !at.isAfter(to); at = at.plus(step)) {
            clock.set(at);
            for (StoredDocument document : alert.get().run(env)) {
                raised.add(new Raised(at, document));
            }
        }
        return raised;
    }

    /** A clock the backtest sets; UTC. */
    private static final class SteppingClock extends Clock {
        private volatile Instant now;

        SteppingClock(Instant start) {
            this.now = Objects.requireNonNull(start, "start");
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("the backtest clock is UTC");
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
