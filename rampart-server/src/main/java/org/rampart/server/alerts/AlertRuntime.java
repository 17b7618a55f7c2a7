package org.rampart.server.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.rampart.alerts.AlertConfig;
import org.rampart.alerts.AlertEnvironment;
import org.rampart.alerts.AlertLibrary;
import org.rampart.alerts.AlertTask;
import org.rampart.alerts.actions.AlertActions;
import org.rampart.alerts.plugins.AlertPlugins;
import org.rampart.alerts.rules.GenericAlert;
import org.rampart.alerts.rules.GenericAlertLoader;
import org.rampart.alerts.rules.GenericAlertRule;
import org.rampart.alerts.rules.StreamingRules;
import org.rampart.alerts.schedule.AlertRuns;
import org.rampart.alerts.schedule.AlertScheduler;
import org.rampart.alerts.schedule.ScheduleFile;
import org.rampart.event.Json;
import org.rampart.event.config.RampartConfig;
import org.rampart.query.EventStore;
import org.rampart.query.IndexRequest;
import org.rampart.query.StoredDocument;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alerts inside the running server, wired from the {@code alerts.*} configuration keys: the alert library and the
 * scheduled generic rules on their crontab schedules, the alert plugin chain, the alert actions, and the streaming
 * rules that {@link #eventsStored} evaluates on every batch the pipeline stores.
 */
public final class AlertRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AlertRuntime.class);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final DateTimeFormatter ALERT_PARTITION = DateTimeFormatter.ofPattern("yyyyMM").withZone(ZoneOffset.UTC);

    private final EventStore store;
    private final Clock clock;
    private final AlertEnvironment environment;
    private final AlertPlugins plugins;
    private final List<GenericAlert> ruleAlerts;
    private final StreamingRules streaming;
    private final AlertActions actions;
    private final AlertScheduler scheduler;

    private AlertRuntime(EventStore store, Clock clock, AlertEnvironment environment, AlertPlugins plugins,
            List<GenericAlert> ruleAlerts, StreamingRules streaming, AlertActions actions, AlertScheduler scheduler) {
        this.store = store;
        this.clock = clock;
        this.environment = environment;
        this.plugins = plugins;
        this.ruleAlerts = ruleAlerts;
        this.streaming = streaming;
        this.actions = actions;
        this.scheduler = scheduler;
    }

    /**
     * Builds everything from configuration; with {@code dryRun} nothing is saved, tagged or delivered (for
     * {@code rampart alert run --dry-run} and backtests). Does not start the scheduler: {@link #start()} does.
     */
    public static AlertRuntime create(RampartConfig config, EventStore store, Clock clock, boolean dryRun) {
        Path dataDir = config.path("data.dir");
        Path configDir = config.path("alerts.config_dir");
        GenericAlertLoader.Rules rules = rules(config);
        List<GenericAlert> scheduledRules = rules.scheduled();
        Map<String, String> schedules = schedules(config, scheduledRules);
        AlertPlugins plugins = AlertPlugins.load(config.list("alerts.plugins"), name -> pluginConfig(configDir, name),
                AlertPlugins.storeSearch(store), clock);
        AlertActions actions = dryRun ? null : actions(config.path("alerts.actions_file"), dataDir, clock);
        AlertEnvironment.Builder environment = AlertEnvironment.builder(store, clock)
                .config(new AlertConfig(configDir, System::getenv))
                .preprocessor(plugins)
                .suppression(suppression(config.list("alerts.suppress_minutes")))
                .dryRun(dryRun);
        if (actions != null) {
            environment.sink(actions);
        }
        AlertEnvironment env = environment.build();
        AlertScheduler scheduler = new AlertScheduler(clock, AlertRuns.in(env, scheduledRules));
        try {
            scheduler.sync(schedules);
        } catch (RuntimeException e) {
            if (actions != null) {
                actions.close();
            }
            throw e;
        }
        StreamingRules streaming = new StreamingRules(rules.streaming(), clock);
        LOG.info("alerts: {} scheduled ({} generic rules), {} streaming rules, {} alert plugins",
                schedules.size(), scheduledRules.size(), streaming.size(), plugins.plugins().size());
        // Every rule, streaming ones too, can be run now (a backtest of a streaming rule runs it as a scheduled one).
        List<GenericAlert> ruleAlerts = rules.rules().stream().map(GenericAlert::new).toList();
        return new AlertRuntime(store, clock, env, plugins, ruleAlerts, streaming, actions, scheduler);
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
            return GenericAlertLoader.load(config.path("alerts.rules_dir"));
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

    /** The actions in {@code file} ({@code actions:} list, optional {@code action_queue:}); none when it is missing. */
    private static AlertActions actions(Path file, Path dataDir, Clock clock) {
        JsonNode doc = Json.object();
        if (Files.isRegularFile(file)) {
            try {
                doc = YAML.readTree(file.toFile());
            } catch (IOException e) {
                throw new IllegalArgumentException("alerts.actions_file " + file + " is not valid YAML: " + e.getMessage(), e);
            }
        }
        JsonNode queue = doc.path("action_queue");
        return new AlertActions(AlertActions.fromConfig(doc.get("actions")),
                queue.isObject() ? AlertActions.Options.from(queue) : AlertActions.Options.DEFAULTS,
                AlertActions.deadLetterFile(dataDir), clock);
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
        String classname = name.substring(name.lastIndexOf('.') + 1);
        for (GenericAlert rule : ruleAlerts) {
            if (rule.classname().equals(name)) {
                return rule.run(environment);
            }
        }
        AlertTask task = AlertLibrary.create(classname).orElseThrow(() -> new IllegalArgumentException(
                "no alert named \"" + name + "\"; `rampart alert list` shows the installed ones"));
        return task.run(environment);
    }

    /**
     * The pipeline's hook: evaluates the streaming rules on each stored event; every alert is run through the
     * alert plugins, saved, the event re-saved with its {@code alert_names} and {@code alerts} tags, and the
     * actions told. Never throws: a failure is logged and the events stay stored.
     */
    public void eventsStored(List<IndexRequest> batch) {
        if (streaming.size() == 0) {
            return;
        }
        for (IndexRequest request : batch) {
            try {
                List<ObjectNode> alerts = streaming.evaluate(request.index(), request.id(), request.source());
                if (!alerts.isEmpty()) {
                    save(request, alerts);
                }
            } catch (RuntimeException e) {
                LOG.error("streaming rules failed on event {}; it stays stored without an alert", request.id(), e);
            }
        }
    }

    private void save(IndexRequest event, List<ObjectNode> alerts) {
        ObjectNode source = event.source();
        List<StoredDocument> saved = new ArrayList<>(alerts.size());
        for (ObjectNode alert : alerts) {
            ObjectNode processed = plugins.run(alert);
            if (processed == null) {
                continue;
            }
            String id = store.saveAlert(UUID.randomUUID().toString(), processed);
            String index = "alerts-" + ALERT_PARTITION.format(clock.instant());
            JsonNode refs = source.get("alerts");
            (refs instanceof ArrayNode list ? list : source.putArray("alerts")).addObject().put("index", index).put("id", id);
            saved.add(new StoredDocument(index, id, processed));
        }
        // The rules tagged alert_names in place; storing that keeps a scheduled run of the rule from alerting again.
        store.saveObject(event.index(), event.id(), source);
        if (actions != null) {
            saved.forEach(actions::alertSaved);
        }
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

    /** Stops the scheduler (waiting for runs in progress), then the actions (queued deliveries are dead-lettered). */
    @Override
    public void close() {
        try {
            scheduler.close();
        } finally {
            if (actions != null) {
                actions.close();
            }
        }
    }
}
