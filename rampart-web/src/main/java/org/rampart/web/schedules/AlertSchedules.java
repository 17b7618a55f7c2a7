package org.rampart.web.schedules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.rampart.alerts.schedule.AlertRuns;
import org.rampart.alerts.schedule.AlertSchedule;
import org.rampart.alerts.schedule.CronSchedule;
import org.rampart.event.Json;
import org.rampart.event.Timestamps;
import org.rampart.web.audit.AuditLog;
import org.rampart.web.live.LiveEvents;
import org.rampart.web.state.StateDatabase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alert schedules behind MozDef's {@code /alertschedules}, {@code /syncalertschedules} and
 * {@code /updatealertschedules}: the running scheduler's schedules, changed live, with every change and every run's
 * count kept in SQL so they outlive a restart ({@link #attach} applies the stored changes again). Changes are audited
 * in their transaction; changes and runs are published on the live stream. With a shared state database the other
 * scheduler nodes receive a change through the live stream's relay and apply the stored changes again, so an edit made
 * on one node is in force on all of them within about a second.
 */
public final class AlertSchedules implements AlertRuns.RunListener {
    private static final Logger LOG = LoggerFactory.getLogger(AlertSchedules.class);
    /** Most schedules one request may carry: far more than any alert library. */
    static final int MAX_SCHEDULES = 1000;
    static final int MAX_NAME = 256;
    private static final String TABLE_COLUMNS = "name, cron, enabled, total_run_count, last_run_at, modified_at,"
            + " modified_by";

    /** A schedule's row: null cron or enabled means not changed through the API (alerts.yml's value applies). */
    private record Stored(String name, String cron, Boolean enabled, long runCount, Instant lastRunAt,
                          Instant modifiedAt, String modifiedBy) {}

    /** One schedule of a {@code /updatealertschedules} body, checked. */
    private record Posted(String name, String cron, boolean enabled, Long runCount, JsonNode lastRunAt) {}

    private final StateDatabase db;
    private final AuditLog audit;
    private final Clock clock;
    private final LiveEvents live;
    private volatile ScheduleRuntime runtime = ScheduleRuntime.NONE;

    public AlertSchedules(StateDatabase db, AuditLog audit, Clock clock, LiveEvents live) {
        this.db = db;
        this.audit = audit;
        this.clock = clock;
        this.live = live;
    }

    /**
     * Connects to the running scheduler and applies the crontabs and on/off switches stored by earlier changes, now
     * and whenever another node announces a change. A stored change that no longer applies (the alert was
     * uninstalled) is logged and left in place.
     */
    public void attach(ScheduleRuntime scheduler) throws SQLException {
        this.runtime = scheduler;
        applyStored();
        live.onRelayed("schedule", change -> {
            try {
                applyStored();
                LOG.info("schedules changed on another node ({} by {}) applied here", change.path("action").asText(),
                        change.path("actor").asText());
            } catch (SQLException | RuntimeException e) {
                LOG.warn("a schedule change made on another node is not applied here until the next change or restart",
                        e);
            }
        });
    }

    private void applyStored() throws SQLException {
        ScheduleRuntime scheduler = runtime;
        for (Stored row : stored().values()) {
            Map<String, String> cron = row.cron() == null ? Map.of() : Map.of(row.name(), row.cron());
            Map<String, Boolean> enabled = row.enabled() == null ? Map.of() : Map.of(row.name(), row.enabled());
            try {
                scheduler.apply(cron, enabled);
            } catch (IllegalArgumentException e) {
                LOG.warn("the stored schedule of {} is not applied: {}", row.name(), e.getMessage());
            }
        }
    }

    /**
     * MozDef's {@code GET /alertschedules}: each schedule's name to its document (celery's {@code PeriodicTask} fields),
     * plus what Rampart's scheduler knows: {@code next_run_at}, {@code last_duration_ms}, {@code last_alerts},
     * {@code last_error}, {@code failures}, {@code skipped}, {@code running}.
     */
    public ObjectNode documents() throws SQLException {
        Map<String, Stored> stored = stored();
        ObjectNode out = Json.object();
        for (AlertSchedule s : runtime.schedules()) {
            Stored row = stored.get(s.name());
            String[] fields = s.cron().split("\\s+");
            ObjectNode doc = out.putObject(s.name()).put("name", s.name()).put("task", s.name())
                    .put("enabled", s.enabled()).put("_id", documentId(s.name())).put("_cls", "PeriodicTask");
            doc.putArray("args");
            doc.putObject("kwargs");
            doc.putObject("celery_schedule").put("minute", fields[0]).put("hour", fields[1])
                    .put("day_of_week", fields[4]).put("day_of_month", fields[2]).put("month_of_year", fields[3]);
            // celery's crontab repr, minute hour day-of-week day-of-month month.
            doc.put("schedule_str", "<crontab: " + fields[0] + " " + fields[1] + " " + fields[4] + " " + fields[2] + " "
                    + fields[3] + " (m/h/d/dM/MY)>").put("schedule_type", "crontab");
            doc.putNull("expires").putNull("queue").putNull("exchange").putNull("routing_key");
            Instant lastRun = row != null && row.lastRunAt() != null ? row.lastRunAt() : s.lastRun();
            doc.put("last_run_at", lastRun == null ? null : Timestamps.isoformat(lastRun));
            doc.put("run_immediately", false).put("total_run_count", row == null ? s.runs() : row.runCount());
            if (row != null && row.modifiedAt() != null) {
                doc.put("modifiedat", Timestamps.isoformat(row.modifiedAt())).put("modifiedby", row.modifiedBy());
            }
            doc.put("next_run_at", s.nextRun() == null ? null : Timestamps.isoformat(s.nextRun()));
            doc.put("last_duration_ms", s.lastDuration() == null ? null : s.lastDuration().toMillis());
            doc.put("last_alerts", s.lastAlerts()).put("last_error", s.lastError()).put("failures", s.failures())
                    .put("skipped", s.skipped()).put("running", s.running());
        }
        return out;
    }

    /**
     * MozDef's {@code /syncalertschedules}: {@code {"<name>": {"total_run_count": n, "last_run_at": date | null}}} sets
     * the run count and last run of the schedules named; names not scheduled are ignored, as MozDef does.
     */
    public void sync(ObjectNode body, String actor) throws SQLException {
        checkSize(body);
        Map<String, AlertSchedule> known = byName();
        Map<String, Object[]> changes = new LinkedHashMap<>();
        for (var e : body.properties()) {
            if (!(e.getValue() instanceof ObjectNode entry) || !entry.has("total_run_count") || !entry.has("last_run_at")) {
                throw new IllegalArgumentException("each schedule of /syncalertschedules is {\"total_run_count\": n,"
                        + " \"last_run_at\": date or null}; " + cut(e.getKey()) + " is not");
            }
            long count = runCount(e.getKey(), entry.get("total_run_count"));
            OffsetDateTime lastRun = date(e.getKey(), entry.get("last_run_at"));
            if (known.containsKey(e.getKey())) {
                changes.put(e.getKey(), new Object[] {count, lastRun});
            }
        }
        db.inTransaction(c -> {
            for (var e : changes.entrySet()) {
                upsert(c, e.getKey(), "total_run_count = ?, last_run_at = ?", e.getValue());
            }
            audit.record(c, AuditLog.Entry.of(actor, "schedule.sync", "alertschedules",
                    Json.object().set("names", Json.MAPPER.valueToTree(changes.keySet()))));
            return null;
        });
        publishChange("sync", List.copyOf(changes.keySet()), actor);
    }

    /**
     * MozDef's {@code /updatealertschedules}: the posted documents become the schedules, applied to the running
     * scheduler at once: each names an alert ({@code name}), its crontab ({@code celery_schedule}) and {@code enabled};
     * a schedule the body leaves out is disabled (MozDef empties its collection; Rampart keeps the alert listed, off).
     * Everything is checked before anything changes.
     */
    public void replace(ObjectNode body, String actor) throws SQLException {
        checkSize(body);
        List<Posted> posted = body.properties().stream().map(e -> posted(e.getKey(), e.getValue())).toList();
        Map<String, String> crons = new LinkedHashMap<>();
        Map<String, Boolean> enabled = new LinkedHashMap<>();
        runtime.schedules().forEach(s -> enabled.put(s.name(), false));
        for (Posted p : posted) {
            crons.put(p.name(), p.cron());
            enabled.put(p.name(), p.enabled());
        }
        OffsetDateTime now = now();
        db.inTransaction(c -> {
            for (var e : enabled.entrySet()) {
                upsert(c, e.getKey(), "enabled = ?, modified_at = ?, modified_by = ?", e.getValue(), now, actor);
            }
            for (Posted p : posted) {
                upsert(c, p.name(), "cron = ?", p.cron());
                if (p.runCount() != null) {
                    upsert(c, p.name(), "total_run_count = ?", p.runCount());
                }
                if (p.lastRunAt() != null) {
                    upsert(c, p.name(), "last_run_at = ?", date(p.name(), p.lastRunAt()));
                }
            }
            ObjectNode details = Json.object();
            details.set("schedules", Json.MAPPER.valueToTree(crons));
            details.set("disabled", Json.MAPPER.valueToTree(enabled.entrySet().stream().filter(e -> !e.getValue())
                    .map(Map.Entry::getKey).toList()));
            audit.record(c, AuditLog.Entry.of(actor, "schedule.update", "alertschedules", details));
            // Last: a refusal (an unknown alert) rolls the rows back, and nothing has changed in the scheduler.
            runtime.apply(crons, enabled);
            return null;
        });
        publishChange("update", List.copyOf(enabled.keySet()), actor);
    }

    /**
     * Rampart's edit of one schedule, {@code {"cron": "*&#47;5 * * * *", "enabled": false}} (either or both), applied at
     * once; the other schedules stay as they are. Returns the schedule's document.
     */
    public ObjectNode change(String name, ObjectNode body, String actor) throws SQLException {
        if (!byName().containsKey(name)) {
            throw new NoSuchElementException("no scheduled alert named " + cut(name));
        }
        String cron = null;
        Boolean enabled = null;
        for (var e : body.properties()) {
            switch (e.getKey()) {
                case "cron" -> {
                    if (!e.getValue().isTextual()) {
                        throw new IllegalArgumentException("'cron' must be a crontab such as \"*/5 * * * *\"");
                    }
                    cron = CronSchedule.parse(e.getValue().asText()).expression();
                }
                case "enabled" -> {
                    if (!e.getValue().isBoolean()) {
                        throw new IllegalArgumentException("'enabled' must be true or false");
                    }
                    enabled = e.getValue().asBoolean();
                }
                default -> throw new IllegalArgumentException("a schedule change sets 'cron' and/or 'enabled'; not '"
                        + cut(e.getKey()) + "'");
            }
        }
        if (cron == null && enabled == null) {
            throw new IllegalArgumentException("a schedule change sets 'cron' and/or 'enabled'");
        }
        String newCron = cron;
        Boolean newEnabled = enabled;
        OffsetDateTime now = now();
        db.inTransaction(c -> {
            upsert(c, name, "modified_at = ?, modified_by = ?", now, actor);
            if (newCron != null) {
                upsert(c, name, "cron = ?", newCron);
            }
            if (newEnabled != null) {
                upsert(c, name, "enabled = ?", newEnabled);
            }
            audit.record(c, AuditLog.Entry.of(actor, "schedule.change", name,
                    Json.object().put("cron", newCron).put("enabled", newEnabled)));
            runtime.apply(newCron == null ? Map.of() : Map.of(name, newCron),
                    newEnabled == null ? Map.of() : Map.of(name, newEnabled));
            return null;
        });
        publishChange("change", List.of(name), actor);
        return (ObjectNode) documents().get(name);
    }

    /** A scheduled alert ran: counted in SQL and published with its start, duration and result. Never throws. */
    @Override
    public void ran(String name, int alerts, String error) {
        Instant end = clock.instant();
        AlertSchedule schedule = byName().get(name);
        // The scheduler stamps a run's start before it begins: this run's.
        Instant started = schedule == null || schedule.lastRun() == null ? end : schedule.lastRun();
        try {
            db.inTransaction(c -> {
                upsert(c, name, "total_run_count = total_run_count + 1, last_run_at = ?",
                        started.atOffset(ZoneOffset.UTC));
                return null;
            });
        } catch (SQLException | RuntimeException e) {
            LOG.warn("the run of {} is not counted in the state database: {}", name, e.toString());
        }
        live.publish("schedule.run", Json.object().put("name", name).put("started", Timestamps.isoformat(started))
                .put("durationMs", Duration.between(started, end).toMillis()).put("alerts", alerts).put("error", error));
    }

    private void publishChange(String action, List<String> names, String actor) {
        ObjectNode data = Json.object().put("action", action).put("actor", actor);
        names.forEach(data.putArray("names")::add);
        live.publish("schedule", data);
    }

    private Posted posted(String key, JsonNode value) {
        if (!(value instanceof ObjectNode doc)) {
            throw new IllegalArgumentException("each schedule of /updatealertschedules is an object; " + cut(key)
                    + " is not");
        }
        JsonNode name = doc.get("name");
        if (name == null || !name.isTextual() || name.asText().isBlank() || name.asText().length() > MAX_NAME) {
            throw new IllegalArgumentException("schedule " + cut(key) + ": 'name' must be the alert's name, at most "
                    + MAX_NAME + " characters");
        }
        JsonNode enabled = doc.path("enabled");
        if (!enabled.isMissingNode() && !enabled.isBoolean()) {
            throw new IllegalArgumentException("schedule " + cut(key) + ": 'enabled' must be true or false");
        }
        Long count = doc.hasNonNull("total_run_count") ? runCount(key, doc.get("total_run_count")) : null;
        JsonNode lastRun = doc.get("last_run_at");
        if (lastRun != null) {
            date(key, lastRun);
        }
        return new Posted(name.asText(), cron(key, doc), enabled.asBoolean(true), count, lastRun);
    }

    /** A crontab from celery's schedule: a crontab's five fields, or an interval a crontab can express exactly. */
    static String cron(String key, ObjectNode doc) {
        JsonNode schedule = doc.path("celery_schedule");
        String type = doc.path("schedule_type").asText(schedule.has("every") ? "interval" : "crontab");
        String cron;
        if (type.equals("interval")) {
            cron = interval(key, schedule.path("every"), schedule.path("period").asText());
        } else if (type.equals("crontab")) {
            String[] names = {"minute", "hour", "day_of_month", "month_of_year", "day_of_week"};
            StringBuilder b = new StringBuilder();
            for (String field : names) {
                JsonNode v = schedule.get(field);
                if (v == null || !(v.isTextual() || v.isIntegralNumber())) {
                    throw new IllegalArgumentException("schedule " + cut(key) + ": celery_schedule needs minute, hour,"
                            + " day_of_week, day_of_month and month_of_year (or every and period)");
                }
                b.append(b.isEmpty() ? "" : " ").append(v.asText());
            }
            cron = b.toString();
        } else {
            throw new IllegalArgumentException("schedule " + cut(key) + ": schedule_type must be crontab or interval");
        }
        try {
            return CronSchedule.parse(cron).expression();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("schedule " + cut(key) + ": " + e.getMessage());
        }
    }

    private static String interval(String key, JsonNode every, String period) {
        long n = every.canConvertToLong() && every.isIntegralNumber() ? every.asLong() : -1;
        String cron = switch (period) {
            case "seconds" -> n > 0 && n % 60 == 0 && 60 % (n / 60) == 0 ? "*/" + n / 60 + " * * * *" : null;
            case "minutes" -> n > 0 && 60 % n == 0 ? "*/" + n + " * * * *" : null;
            case "hours" -> n > 0 && 24 % n == 0 ? "0 */" + n + " * * *" : null;
            case "days" -> n == 1 ? "0 0 * * *" : null;
            default -> null;
        };
        if (cron == null) {
            throw new IllegalArgumentException("schedule " + cut(key) + ": every " + every + " " + cut(period)
                    + " is not a crontab schedule; give minutes dividing 60, hours dividing 24, or 1 day");
        }
        return cron;
    }

    private static long runCount(String key, JsonNode value) {
        if (value == null || !value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < 0) {
            throw new IllegalArgumentException("schedule " + cut(key) + ": 'total_run_count' must be a whole number >= 0");
        }
        return value.asLong();
    }

    /** A date as MozDef's toUTC reads it (a time without a zone is UTC), or null. */
    private OffsetDateTime date(String key, JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        Instant instant = value.isTextual() ? Timestamps.parse(value.asText(), clock) : null;
        if (instant == null) {
            throw new IllegalArgumentException("schedule " + cut(key) + ": 'last_run_at' must be a date such as"
                    + " 2021-05-05T00:00:00+00:00, or null");
        }
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static void checkSize(ObjectNode body) {
        if (body.size() > MAX_SCHEDULES) {
            throw new IllegalArgumentException("at most " + MAX_SCHEDULES + " schedules per request");
        }
    }

    /** Sets columns of one schedule's row, creating the row first when it is missing (portable: no MERGE). */
    private static void upsert(Connection c, String name, String assignments, Object... values) throws SQLException {
        Object[] bound = new Object[values.length + 1];
        System.arraycopy(values, 0, bound, 0, values.length);
        bound[values.length] = name;
        String update = "UPDATE alert_schedule SET " + assignments + " WHERE name = ?";
        if (StateDatabase.update(c, update, bound) == 0) {
            StateDatabase.update(c, "INSERT INTO alert_schedule (name, total_run_count) VALUES (?, 0)", name);
            StateDatabase.update(c, update, bound);
        }
    }

    private Map<String, AlertSchedule> byName() {
        Map<String, AlertSchedule> out = new LinkedHashMap<>();
        runtime.schedules().forEach(s -> out.put(s.name(), s));
        return out;
    }

    private Map<String, Stored> stored() throws SQLException {
        Map<String, Stored> out = new LinkedHashMap<>();
        try (Connection c = db.connection();
             PreparedStatement s = c.prepareStatement("SELECT " + TABLE_COLUMNS + " FROM alert_schedule ORDER BY name");
             ResultSet r = s.executeQuery()) {
            while (r.next()) {
                boolean enabled = r.getBoolean(3);
                Boolean edited = r.wasNull() ? null : enabled;
                out.put(r.getString(1), new Stored(r.getString(1), r.getString(2), edited,
                        r.getLong(4), instant(r, 5), instant(r, 6), r.getString(7)));
            }
        }
        return out;
    }

    private static Instant instant(ResultSet r, int column) throws SQLException {
        OffsetDateTime t = r.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    /** MozDef's {@code _id} is 24 hex characters; this one is stable per name. */
    private static String documentId(String name) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }

    private static String cut(String value) {
        return value.length() <= 64 ? value : value.substring(0, 63) + "…";
    }
}
