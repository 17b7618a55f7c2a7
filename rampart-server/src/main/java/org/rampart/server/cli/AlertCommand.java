package org.rampart.server.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.rampart.alerts.AlertBacktest;
import org.rampart.alerts.AlertLibrary;
import org.rampart.event.config.RampartConfig;
import org.rampart.event.extension.Extensions;
import org.rampart.query.EventStore;
import org.rampart.query.StoredDocument;
import org.rampart.server.alerts.AlertRuntime;
import org.rampart.server.alerts.Backtest;
import org.rampart.server.extensions.ConfiguredExtensions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code rampart alert list|run|backtest}. {@code run} and {@code backtest} open the data folder's embedded store
 * themselves, so the server must be stopped first (Lucene allows one writer per folder); they say so if it is not.
 */
@Command(name = "alert", mixinStandardHelpOptions = true, description = "List, run and backtest alerts.",
        subcommands = {AlertCommand.ListAlerts.class, AlertCommand.RunAlert.class, AlertCommand.BacktestAlert.class})
final class AlertCommand {

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "The scheduled alerts and their crontab schedules, the streaming rules, and the installed"
                    + " alerts that are not scheduled.")
    static final class ListAlerts implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Override
        public Integer call() {
            RampartConfig cfg = config.load();
            Map<String, String> schedules = AlertRuntime.schedules(cfg);
            int width = schedules.keySet().stream().mapToInt(String::length).max().orElse(10);
            schedules.forEach((name, cron) -> System.out.printf("%-" + width + "s  %s%n", name, cron));
            AlertRuntime.streamingRules(cfg).forEach(name -> System.out.printf("%-" + width + "s  streaming%n", name));
            List<String> scheduledClasses = schedules.keySet().stream().map(n -> n.substring(n.lastIndexOf('.') + 1)).toList();
            AlertLibrary.classnames().stream().filter(c -> !scheduledClasses.contains(c))
                    .forEach(name -> System.out.printf("%-" + width + "s  not scheduled%n", name));
            return 0;
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Run one alert now against the stored events and print the alerts it creates. The server"
                    + " must be stopped (the embedded store has a single writer).")
    static final class RunAlert implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Parameters(index = "0", paramLabel = "NAME",
                description = "As in alert list: bruteforce_ssh.AlertBruteforceSsh, AlertBruteforceSsh, AlertGenericLoader:<rule>.")
        String name;

        @Option(names = "--dry-run", description = "Build the alerts but save, tag and send nothing.")
        boolean dryRun;

        @Option(names = "--json", description = "Print each alert as JSON.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            RampartConfig cfg = config.load();
            Clock clock = Clock.systemUTC();
            Extensions extensions = ConfiguredExtensions.of(cfg);
            try (EventStore store = ConfiguredExtensions.openStore(cfg, extensions, clock);
                 AlertRuntime runtime = AlertRuntime.create(cfg, extensions, store, clock, dryRun)) {
                List<ObjectNode> alerts = runtime.runNow(name).stream().map(StoredDocument::source).toList();
                print(alerts, json);
                if (!dryRun && !runtime.awaitDeliveries(Duration.ofSeconds(30))) {
                    System.err.println("alert run: actions still pending after 30 s go to the dead-letter file");
                }
                System.err.println(alerts.size() + " alert(s) " + (dryRun ? "would be created (dry run)" : "saved"));
                store.commit();
            }
            return 0;
        }
    }

    @Command(name = "backtest", mixinStandardHelpOptions = true,
            description = "Replay one alert over stored history, in steps of its search window, as a dry run, and list"
                    + " the alerts it would have raised. The server must be stopped (the embedded store has a single writer).")
    static final class BacktestAlert implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Parameters(index = "0", paramLabel = "NAME", description = "As in alert list.")
        String name;

        @Option(names = "--from", required = true, paramLabel = "T",
                description = "Start, ISO-8601 (2026-11-23T08:00:00Z; without an offset it is UTC).")
        String from;

        @Option(names = "--to", paramLabel = "T", description = "End, ISO-8601 (default: now).")
        String to;

        @Option(names = "--step", paramLabel = "MINUTES", description = "Step in minutes (default: the alert's search window).")
        Integer stepMinutes;

        @Option(names = "--json", description = "Print each alert as JSON.")
        boolean json;

        @Override
        public Integer call() {
            Instant end = to == null ? Instant.now() : instant("--to", to);
            Backtest.Result result = Backtest.run(config.load(), name, instant("--from", from), end,
                    stepMinutes == null ? null : Duration.ofMinutes(stepMinutes));
            Instant shown = null;
            for (AlertBacktest.Raised raised : result.raised()) {
                if (!raised.at().equals(shown)) {
                    shown = raised.at();
                    System.out.println("at " + shown + ":");
                }
                print(List.of(raised.alert().source()), json);
            }
            System.err.println(result.raised().size() + " alert(s) in " + result.steps() + " run(s) of "
                    + result.window() + " each");
            return 0;
        }

        private static Instant instant(String option, String text) {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e) {
                try {
                    return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
                } catch (DateTimeParseException again) {
                    throw new IllegalArgumentException(option + " " + text + " is not an ISO-8601 time, e.g. 2026-11-23T08:00:00Z");
                }
            }
        }
    }

    private static void print(List<ObjectNode> alerts, boolean json) {
        for (ObjectNode alert : alerts) {
            if (json) {
                System.out.println(alert.toPrettyString());
            } else {
                System.out.printf("  %-8s [%s] %s  (%d event(s))%n", alert.path("severity").asText(),
                        TerminalText.oneLine(alert.path("category").asText()),
                        TerminalText.oneLine(alert.path("summary").asText()), alert.path("events").size());
            }
        }
    }
}
