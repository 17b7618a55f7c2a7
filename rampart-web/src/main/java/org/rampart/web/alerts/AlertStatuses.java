package org.rampart.web.alerts;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.rampart.event.Json;
import org.rampart.web.audit.AuditLog;
import org.rampart.web.state.StateDatabase;

/**
 * The status history of alerts, in SQL: each change (acknowledge, escalate, false positive) with who and when. The
 * newest change is an alert's status; an alert with none is open. Every change is audited in its own transaction.
 */
public final class AlertStatuses {
    /** Longest alert id and comment accepted. */
    public static final int MAX_ALERT_ID = 128;
    public static final int MAX_COMMENT = 1024;

    /** What an analyst (or the triage bot's user: manual, in progress) can say about an alert. */
    public enum Status {
        ACKNOWLEDGED, ESCALATED, FALSE_POSITIVE, MANUAL, IN_PROGRESS;

        /**
         * The name in requests, replies and SQL: {@code acknowledged}, {@code escalated}, {@code false_positive},
         * {@code manual}, {@code in_progress}.
         */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The status named {@code id}. */
        public static Status parse(String id) {
            for (Status s : values()) {
                if (s.id().equals(id)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("'status' must be acknowledged, escalated, false_positive, manual or"
                    + " in_progress; it was " + id);
        }
    }

    /** One change of an alert's status. */
    public record Change(String alertId, Status status, String actor, OffsetDateTime changedAt, String comment) {}

    private final StateDatabase db;
    private final AuditLog audit;
    private final Clock clock;
    private final Consumer<Change> listener;

    /** {@code listener} is told of each change once it is committed. */
    public AlertStatuses(StateDatabase db, AuditLog audit, Clock clock, Consumer<Change> listener) {
        this.db = db;
        this.audit = audit;
        this.clock = clock;
        this.listener = listener;
    }

    /** Records that {@code actor} set the alert's status, with an optional comment; returns the change. */
    public Change set(String alertId, Status status, String actor, String comment) throws SQLException {
        if (alertId.length() > MAX_ALERT_ID || (comment != null && comment.length() > MAX_COMMENT)) {
            throw new IllegalArgumentException("an alert id has at most " + MAX_ALERT_ID + " characters, a comment "
                    + MAX_COMMENT);
        }
        Change change = new Change(alertId, status, actor, OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC),
                comment);
        db.inTransaction(c -> {
            StateDatabase.update(c, "INSERT INTO alert_status (alert_id, status, actor, changed_at, comment)"
                    + " VALUES (?, ?, ?, ?, ?)", alertId, status.id(), actor, change.changedAt(), comment);
            audit.record(c, AuditLog.Entry.of(actor, "alert.status", alertId,
                    Json.object().put("status", status.id()).put("comment", comment)));
            return null;
        });
        listener.accept(change);
        return change;
    }

    /** Every change of one alert, oldest first. */
    public List<Change> history(String alertId) throws SQLException {
        try (Connection c = db.connection();
             PreparedStatement s = c.prepareStatement("SELECT alert_id, status, actor, changed_at, comment"
                     + " FROM alert_status WHERE alert_id = ? ORDER BY id")) {
            s.setString(1, alertId);
            return read(s);
        }
    }

    /** The current status of each of these alerts that has one. */
    public Map<String, Change> current(Collection<String> alertIds) throws SQLException {
        Map<String, Change> out = new HashMap<>();
        if (alertIds.isEmpty()) {
            return out;
        }
        String marks = String.join(", ", Collections.nCopies(alertIds.size(), "?"));
        try (Connection c = db.connection();
             PreparedStatement s = c.prepareStatement("SELECT alert_id, status, actor, changed_at, comment"
                     + " FROM alert_status WHERE alert_id IN (" + marks + ") ORDER BY id")) {
            int i = 1;
            for (String id : alertIds) {
                s.setString(i++, id);
            }
            // Ordered by id, so the last change seen for an alert is its current one.
            read(s).forEach(change -> out.put(change.alertId(), change));
        }
        return out;
    }

    private static List<Change> read(PreparedStatement s) throws SQLException {
        List<Change> out = new ArrayList<>();
        try (ResultSet r = s.executeQuery()) {
            while (r.next()) {
                out.add(new Change(r.getString(1), Status.parse(r.getString(2)), r.getString(3),
                        r.getObject(4, OffsetDateTime.class).withOffsetSameInstant(ZoneOffset.UTC), r.getString(5)));
            }
        }
        return out;
    }
}
