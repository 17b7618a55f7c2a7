package org.rampart.alerts;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.rampart.query.EventStore;

/**
 * Everything an alert run needs from outside: the clock, the store, its configuration, reverse DNS, the
 * plugin chain run before a save, and the sinks told after it. Built once, shared by every alert run.
 */
public final class AlertEnvironment {
    private final Clock clock;
    private final EventStore store;
    private final AlertConfig config;
    private final UnaryOperator<String> reverseDns;
    private final AlertPreprocessor preprocessor;
    private final List<AlertSink> sinks;
    private final Map<String, Duration> suppression;
    private final boolean dryRun;
    private final Supplier<List<String>> watchlist;
    /** In a dry run nothing is tagged in the store, so the events an alert fired on are remembered here instead. */
    private final java.util.Set<String> dryRunTagged = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private AlertEnvironment(Builder b) {
        this.clock = b.clock;
        this.store = b.store;
        this.config = b.config;
        this.reverseDns = b.reverseDns;
        this.preprocessor = b.preprocessor;
        this.sinks = List.copyOf(b.sinks);
        this.suppression = Map.copyOf(b.suppression);
        this.dryRun = b.dryRun;
        this.watchlist = b.watchlist;
    }

    /** Starts an environment on this store and clock; every other part has a working default. */
    public static Builder builder(EventStore store, Clock clock) {
        return new Builder(store, clock);
    }

    Clock clock() {
        return clock;
    }

    EventStore store() {
        return store;
    }

    AlertConfig config() {
        return config;
    }

    String reverseDns(String ip) {
        return reverseDns.apply(ip);
    }

    AlertPreprocessor preprocessor() {
        return preprocessor;
    }

    List<AlertSink> sinks() {
        return sinks;
    }

    Duration suppressionOf(String classname) {
        return suppression.getOrDefault(classname, Duration.ZERO);
    }

    boolean dryRun() {
        return dryRun;
    }

    Optional<Supplier<List<String>>> watchlist() {
        return Optional.ofNullable(watchlist);
    }

    /** Remembers, in a dry run, that {@code classname} fired on the event, as tagging would in the store. */
    void markTaggedInDryRun(String classname, ObjectNode event) {
        dryRunTagged.add(dryRunKey(classname, event));
    }

    /** True when, in an earlier dry run with this environment, {@code classname} fired on the event. */
    boolean taggedInDryRun(String classname, ObjectNode event) {
        return dryRun && dryRunTagged.contains(dryRunKey(classname, event));
    }

    private static String dryRunKey(String classname, ObjectNode event) {
        return classname + '\u0000' + event.path("_index").asText() + '\u0000' + event.path("_id").asText();
    }

    /** Builds an {@link AlertEnvironment}. */
    public static final class Builder {
        private final EventStore store;
        private final Clock clock;
        private AlertConfig config = AlertConfig.bundled();
        private UnaryOperator<String> reverseDns = Builder::systemReverseDns;
        private AlertPreprocessor preprocessor = AlertPreprocessor.NONE;
        private final List<AlertSink> sinks = new ArrayList<>();
        private Map<String, Duration> suppression = Map.of();
        private boolean dryRun;
        private Supplier<List<String>> watchlist;

        private Builder(EventStore store, Clock clock) {
            this.store = Objects.requireNonNull(store, "store");
            this.clock = Objects.requireNonNull(clock, "clock");
        }

        /** Where alerts read their {@code .conf}/{@code .json} files. */
        public Builder config(AlertConfig config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        /** IP to host name, or null when there is none (tests stub it as MozDef's tests do). */
        public Builder reverseDns(UnaryOperator<String> reverseDns) {
            this.reverseDns = Objects.requireNonNull(reverseDns, "reverseDns");
            return this;
        }

        /** The alert plugin chain. */
        public Builder preprocessor(AlertPreprocessor preprocessor) {
            this.preprocessor = Objects.requireNonNull(preprocessor, "preprocessor");
            return this;
        }

        /** Adds a sink told about every saved alert. */
        public Builder sink(AlertSink sink) {
            this.sinks.add(Objects.requireNonNull(sink, "sink"));
            return this;
        }

        /**
         * Per alert classname, how long a repeat of the same alert (same classname and summary) is suppressed;
         * absent means never, MozDef's behaviour.
         */
        public Builder suppression(Map<String, Duration> suppression) {
            this.suppression = Map.copyOf(suppression);
            return this;
        }

        /**
         * True: alerts are built and returned but nothing is saved, tagged or published; the events an alert fired
         * on are remembered in the environment instead, so repeated runs (a backtest) skip them as tagging would.
         */
        public Builder dryRun(boolean dryRun) {
            this.dryRun = dryRun;
            return this;
        }

        /** This Rampart's own watchlist terms (its state), which get_watchlist reads when no {@code api_url} is set. */
        public Builder watchlist(Supplier<List<String>> watchlist) {
            this.watchlist = Objects.requireNonNull(watchlist, "watchlist");
            return this;
        }

        /** The environment with the parts set so far. */
        public AlertEnvironment build() {
            return new AlertEnvironment(this);
        }

        private static String systemReverseDns(String ip) {
            try {
                String name = InetAddress.getByName(ip).getCanonicalHostName();
                return name.equals(ip) ? null : name;
            } catch (UnknownHostException | SecurityException e) {
                return null;
            }
        }
    }
}
