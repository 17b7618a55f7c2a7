package org.rampart.server.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.rampart.alerts.AlertConfig;
import org.rampart.alerts.AlertEnvironment;
import org.rampart.alerts.AlertLibrary;
import org.rampart.alerts.AlertSink;
import org.rampart.alerts.AlertTask;
import org.rampart.alerts.AlertWriter;
import org.rampart.alerts.actions.AlertActions;
import org.rampart.alerts.plugins.AlertPlugins;
import org.rampart.alerts.rules.GenericAlert;
import org.rampart.alerts.rules.GenericAlertLoader;
import org.rampart.alerts.rules.GenericAlertRule;
import org.rampart.alerts.rules.StreamingAlerts;
import org.rampart.alerts.rules.StreamingRules;
import org.rampart.alerts.schedule.AlertRuns;
import org.rampart.alerts.schedule.AlertScheduler;
import org.rampart.alerts.schedule.ScheduleFile;
import org.rampart.alerts.schedule.TickClaims;
import org.rampart.event.Json;
import org.rampart.event.config.DataLayout;
import org.rampart.event.config.RampartConfig;
import org.rampart.event.ip.OutboundTargets;
import org.rampart.event.extension.Extensions;
import org.rampart.pipeline.worker.WriteObserver;
import org.rampart.query.EventStore;
import org.rampart.query.IndexRequest;
import org.rampart.query.StoredDocument;
import org.rampart.server.metrics.AlertRunMeter;
import org.rampart.server.metrics.ServerMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alerts inside the running server, wired from the {@code alerts.*} configuration keys: the alert library and the
 * scheduled generic rules on their crontab schedules, the alert plugin chain, the alert actions, and the streaming
 * rules, which watch every batch the pipeline writes ({@link StreamingAlerts}: matched and tagged on the worker,
 * saved on their own thread, committed before the batch is checkpointed).
 */
public final class AlertRuntime implements AutoCloseable, WriteObserver {
    /** Raised streaming alerts that may wait for the saver before a pipeline worker waits too. */
    private static final int STREAMING_QUEUE = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(AlertRuntime.class);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final AlertEnvironment environment;
    private final List<GenericAlertRule> rules;
    private final StreamingAlerts streaming;
    private final AlertActions actions;
    private final AlertScheduler scheduler;
    private final AlertRunMeter meter;

    private AlertRuntime(AlertEnvironment environment, List<GenericAlertRule> rules, StreamingRules streaming,
            AlertActions actions, AlertScheduler scheduler, AlertRunMeter meter) {
        this.environment = environment;
        this.rules = rules;
        this.streaming = new StreamingAlerts(streaming, new AlertWriter(environment), STREAMING_QUEUE);
        this.actions = actions;
        this.scheduler = scheduler;
        this.meter = meter;
    }

    /**
     * Builds everything from configuration; with {@code dryRun} nothing is saved, tagged or delivered (for
     * {@code rampart alert run --dry-run} and backtests). Does not start the scheduler: {@link #start()} does.
     */
    public static AlertRuntime create(RampartConfig config, Extensions extensions, EventStore store, Clock clock,
            boolean dryRun) {
        // A composite with no registry in it: the meters record nothing (a CLI run has no /metrics).
        return create(config, extensions, store, clock, dryRun, null, null, AlertRuns.RunListener.NONE, TickClaims.ALONE,
                new CompositeMeterRegistry());
    }

    /**
     * As {@link #create(RampartConfig, Extensions, EventStore, Clock, boolean)}, with the state's watchlist terms (when
     * not null), also telling {@code sink} (when not null) of every saved alert and {@code runs} of every scheduled run:
     * the REST API's live stream; the scheduler shares its ticks with the other nodes' through {@code claims}. Alert
     * runs and action deliveries are measured into {@code registry}.
     */
    public static AlertRuntime create(RampartConfig config, Extensions extensions, EventStore store, Clock clock,
            boolean dryRun, Supplier<List<String>> watchlist, AlertSink sink, AlertRuns.RunListener runs, TickClaims claims,
            MeterRegistry registry) {
        GenericAlertLoader.Rules rules = rules(config);
        List<GenericAlert> scheduledRules = rules.scheduled();
        Map<String, String> schedules = schedules(config, scheduledRules);
        AlertEnvironment.Builder environment = environment(config, extensions, store, clock).dryRun(dryRun);
        if (watchlist != null) {
            environment.watchlist(watchlist);
        }
        AlertActions actions = dryRun ? null : actions(config, extensions, clock);
        if (actions != null) {
            environment.sink(actions);
            ServerMetrics.bindActions(actions, registry);
        }
        if (sink != null) {
            environment.sink(sink);
        }
        AlertEnvironment env = environment.build();
        AlertRunMeter meter = new AlertRunMeter(registry);
        AlertScheduler scheduler = new AlertScheduler(clock,
                AlertRuns.observed(meter.timed(AlertRuns.in(env, scheduledRules)), runs), claims);
        try {
            scheduler.sync(schedules);
        } catch (RuntimeException e) {
            if (actions != null) {
                actions.close();
            }
            throw e;
        }
        StreamingRules streaming = new StreamingRules(rules.streaming(), clock);
        LOG.info("alerts: {} scheduled ({} generic rules), {} streaming rules, alert plugins {}",
                schedules.size(), scheduledRules.size(), streaming.size(), config.list("alerts.plugins"));
        return new AlertRuntime(env, rules.rules(), streaming, actions, scheduler, meter);
    }

    /**
     * An environment builder from the {@code alerts.*} keys: alert config folder, alert plugins, suppression; no
     * sinks, not a dry run.
     */
    public static AlertEnvironment.Builder environment(RampartConfig config, Extensions extensions, EventStore store,
            Clock clock) {
        Path configDir = config.path("alerts.config_dir");
        AlertPlugins plugins = AlertPlugins.load(extensions, config.list("alerts.plugins"),
                name -> pluginConfig(configDir, name), AlertPlugins.storeSearch(store), clock);
        return AlertEnvironment.builder(store, clock)
                .config(new AlertConfig(configDir, System::getenv))
                .preprocessor(plugins)
                .suppression(suppression(config.list("alerts.suppress_minutes")));
    }

    /**
     * Makes fresh instances of the alert named {@code name}: a schedule name ({@code bruteforce_ssh.AlertBruteforceSsh}),
     * a classname, or a generic rule's {@code AlertGenericLoader:<rule>} from {@code alerts.rules_dir}.
     *
     * @throws IllegalArgumentException if there is no such alert
     */
    public static Supplier<AlertTask> alert(RampartConfig config, String name) {
        return alert(rules(config).rules(), name);
    }

    private static Supplier<AlertTask> alert(List<GenericAlertRule> rules, String name) {
        for (GenericAlertRule rule : rules) {
            // Streaming rules too: run by hand or backtested, a streaming rule runs as a scheduled one.
            if (rule.classname().equals(name)) {
                return () -> new GenericAlert(rule);
            }
        }
        AlertLibrary.create(name).orElseThrow(() -> new IllegalArgumentException(
                "no alert named \"" + name + "\"; `rampart alert list` shows the installed ones"));
        return () -> AlertLibrary.create(name).orElseThrow();
    }

    /**
     * What runs on a schedule, name to crontab: {@code alerts.schedule_file} (else the bundled {@code alerts.yml}),
     * then the generic rules of {@code alerts.rules_dir} it does not name, on {@code alerts.rules_schedule}.
     */
    public static Map<String, String> schedules(RampartConfig config) {
        return schedules(config, rules(config).scheduled());
    }

    /** The classnames of the streaming rules in {@code alerts.rules_dir}. */
    public static List<String> streamingRules(RampartConfig config) {
        return rules(config).streaming().stream().map(GenericAlertRule::classname).toList();
    }

    private static GenericAlertLoader.Rules rules(RampartConfig config) {
        try {
            AlertConfig alertConfig = new AlertConfig(config.path("alerts.config_dir"), System::getenv);
            return GenericAlertLoader.load(GenericAlertLoader.rulesFolder(alertConfig, config.path("alerts.rules_dir")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read alerts.rules_dir " + config.string("alerts.rules_dir"), e);
        }
    }

    private static Map<String, String> schedules(RampartConfig config, List<GenericAlert> scheduledRules) {
        Map<String, String> schedules = scheduleFile(config);
        String rulesCron = config.string("alerts.rules_schedule");
        // A rule runs on alerts.rules_schedule unless the schedule file names it (MozDef ran them all in one task).
        scheduledRules.forEach(rule -> schedules.putIfAbsent(rule.classname(), rulesCron));
        return schedules;
    }

    private static Map<String, String> scheduleFile(RampartConfig config) {
        String file = config.string("alerts.schedule_file").trim();
        try {
            if (!file.isEmpty()) {
                return new LinkedHashMap<>(ScheduleFile.read(Path.of(file)));
            }
            try (InputStream in = AlertTask.class.getResourceAsStream("/alerts/alerts.yml")) {
                if (in == null) {
                    throw new IllegalStateException("the bundled alerts/alerts.yml is missing from the build");
                }
                return new LinkedHashMap<>(ScheduleFile.read(in));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read alert schedules from " + (file.isEmpty() ? "alerts.yml" : file), e);
        }
    }

    /** {@code alerts.suppress_minutes} items, {@code AlertBruteforceSsh=30}: alert classname to suppression window. */
    static Map<String, Duration> suppression(List<String> items) {
        Map<String, Duration> suppression = new LinkedHashMap<>();
        for (String item : items) {
            int eq = item.indexOf('=');
            try {
                long minutes = Long.parseLong(item.substring(eq + 1).strip());
                if (eq < 1 || minutes < 0) {
                    throw new NumberFormatException();
                }
                suppression.put(item.substring(0, eq).strip(), Duration.ofMinutes(minutes));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("alerts.suppress_minutes: expected <alert classname>=<minutes>,"
                        + " e.g. AlertBruteforceSsh=30, got \"" + item + "\"");
            }
        }
        return suppression;
    }

    private static JsonNode pluginConfig(Path configDir, String name) {
        Path file = configDir.resolve(name + ".json");
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return Json.MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException("alert plugin config " + file + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    /**
     * The actions in {@code alerts.actions_file} ({@code actions:} list, optional {@code action_queue:}); none when it
     * is missing.
     */
    private static AlertActions actions(RampartConfig config, Extensions extensions, Clock clock) {
        Path file = config.path("alerts.actions_file");
        JsonNode doc = Json.object();
        if (Files.isRegularFile(file)) {
            try {
                doc = YAML.readTree(file.toFile());
            } catch (IOException e) {
                throw new IllegalArgumentException("alerts.actions_file " + file + " is not valid YAML: " + e.getMessage(), e);
            }
        }
        JsonNode queue = doc.path("action_queue");
        return new AlertActions(AlertActions.fromConfig(extensions, withBrokerAlerts(config, doc.get("actions")),
                OutboundTargets.allowing(config.list("outbound.allowed_networks"))),
                queue.isObject() ? AlertActions.Options.from(queue) : AlertActions.Options.DEFAULTS,
                DataLayout.of(config).alertDeadLetters(), clock);
    }

    /**
     * With {@code transport: rabbitmq}, the configured actions plus an {@code amqp} action to the broker's {@code
     * rabbitmq.alert_exchange} (MozDef's {@code alerts} exchange, where its bots and alert workers listen), unless that
     * key is empty or an {@code amqp} action is configured already.
     */
    private static JsonNode withBrokerAlerts(RampartConfig config, JsonNode actions) {
        String exchange = config.string("rabbitmq.alert_exchange").strip();
        if (!config.string("transport").strip().equalsIgnoreCase("rabbitmq") || exchange.isEmpty()) {
            return actions;
        }
        ArrayNode all = Json.MAPPER.createArrayNode();
        if (actions != null && actions.isArray()) {
            for (JsonNode action : actions) {
                if ("amqp".equals(action.path("type").asText())) {
                    return actions;
                }
                all.add(action);
            }
        } else if (actions != null && !actions.isNull() && !actions.isMissingNode()) {
            return actions; // not a list: fromConfig says what is wrong with it
        }
        all.addObject().put("type", "amqp").put("host", config.string("rabbitmq.host"))
                .put("port", config.integer("rabbitmq.port")).put("user", config.string("rabbitmq.user"))
                .put("password", config.string("rabbitmq.password")).put("vhost", config.string("rabbitmq.vhost"))
                .put("exchange", exchange);
        return all;
    }

    /** Starts running the schedules. */
    public AlertRuntime start() {
        scheduler.start();
        return this;
    }

    /** The scheduler: schedules readable and editable at runtime. */
    public AlertScheduler scheduler() {
        return scheduler;
    }

    /**
     * Runs one alert now, by its schedule name ({@code bruteforce_ssh.AlertBruteforceSsh}), its classname, or a
     * generic rule's classname; returns what it saved (or would save, in a dry run).
     *
     * @throws IllegalArgumentException if there is no such alert
     */
    public List<StoredDocument> runNow(String name) {
        AlertTask task = alert(rules, name).get();
        return meter.measure(name, () -> task.run(environment));
    }

    /**
     * The pipeline's hook before it writes a batch, on its worker: the streaming rules match and tag the events and
     * queue their alerts ({@link StreamingAlerts#beforeWrite}). Never throws.
     */
    @Override
    public void beforeWrite(List<IndexRequest> batch) {
        streaming.beforeWrite(batch);
    }

    /** The pipeline's hook before a store commit: the alerts raised so far are saved first, so the commit covers them. */
    @Override
    public void beforeCommit() {
        try {
            streaming.awaitSaved();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while streaming alerts were being saved; the commit waits", e);
        }
    }

    /** The streaming alerts' counters: raised, saved, not saved, failed, pending. */
    public StreamingAlerts.Stats streamingStats() {
        return streaming.stats();
    }

    /** Waits up to {@code timeout} for the alert actions to deliver what is queued; true when nothing is left. */
    public boolean awaitDeliveries(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (actions != null && actions.stats().queued() > 0) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    /**
     * Stops the scheduler (waiting for runs in progress), the streaming alert saver (saving what is queued), then the
     * actions (queued deliveries are dead-lettered).
     */
    @Override
    public void close() {
        try {
            scheduler.close();
            streaming.close();
        } finally {
            if (actions != null) {
                actions.close();
            }
        }
    }
}
