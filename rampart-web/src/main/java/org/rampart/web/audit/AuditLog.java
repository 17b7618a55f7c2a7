package org.rampart.web.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.rampart.event.Json;
import org.rampart.web.state.StateDatabase;

/**
 * Who changed what and when, in SQL, append-only. Every change to Rampart's state records one entry: accounts, tokens,
 * logins and failed logins today; alert status, incidents, schedules and block/watch lists call {@link #record} too.
 * A change and its entry go in one transaction ({@link #record(Connection, Entry)}), so neither exists without the other.
 */
public final class AuditLog {
    /** Longest stored actor, action and target; longer values (attacker-chosen names) are cut, marked with …. */
    private static final int MAX_ACTOR = 128;
    private static final int MAX_ACTION = 64;
    private static final int MAX_TARGET = 256;
    private static final int MAX_DETAILS = 4096;
    /** What is kept of details too long to store: escaping can grow each character to six. */
    private static final int KEPT_OF_LONG_DETAILS = 600;
    /** Most entries one page returns. */
    public static final int MAX_PAGE = 500;

    /**
     * One entry.
     *
     * @param id      increasing with time; pages are read newest first by id
     * @param actor   who: an account name, {@code name (token N)}, {@code service-token}, {@code cli:<os user>}, {@code system}
     * @param action  what, dotted: {@code account.add}, {@code login.failed}, {@code token.revoke}, ...
     * @param target  what it was done to: an account name, a token id, an incident id, ...
     * @param details a JSON object with the rest (the client address of a login, a token's role, ...)
     */
    public record Entry(long id, OffsetDateTime occurredAt, String actor, String action, String target, ObjectNode details) {
        /** An entry to record now; the log sets the id and the time. */
        public static Entry of(String actor, String action, String target, ObjectNode details) {
            return new Entry(0, null, actor, action, target, details);
        }
    }

    private final StateDatabase db;
    private final Clock clock;

    public AuditLog(StateDatabase db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Records {@code entry} on its own. */
    public void record(Entry entry) throws SQLException {
        try (Connection c = db.connection()) {
            record(c, entry);
        }
    }

    /** Records {@code entry} on {@code connection}, inside the transaction of the change it describes. */
    public void record(Connection connection, Entry entry) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(
                "INSERT INTO audit_entry (occurred_at, actor, action, target, details) VALUES (?, ?, ?, ?, ?)")) {
            s.setObject(1, OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC));
            s.setString(2, cut(entry.actor(), MAX_ACTOR));
            s.setString(3, cut(entry.action(), MAX_ACTION));
            s.setString(4, cut(entry.target(), MAX_TARGET));
            s.setString(5, storedDetails(entry.details()));
            s.executeUpdate();
        }
    }

    /** Up to {@code limit} entries older than {@code beforeId} (all when null), newest first. */
    public List<Entry> page(Long beforeId, int limit) throws SQLException {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_PAGE + "; it was " + limit);
        }
        try (Connection c = db.connection();
             PreparedStatement s = c.prepareStatement("SELECT id, occurred_at, actor, action, target, details FROM audit_entry"
                     + " WHERE id < ? ORDER BY id DESC FETCH FIRST " + limit + " ROWS ONLY")) {
            s.setLong(1, beforeId == null ? Long.MAX_VALUE : beforeId);
            List<Entry> out = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(new Entry(r.getLong(1), r.getObject(2, OffsetDateTime.class).withOffsetSameInstant(ZoneOffset.UTC),
                            r.getString(3), r.getString(4), r.getString(5), readDetails(r.getString(6))));
                }
            }
            return out;
        }
    }

    /** The details as JSON text that fits the column and still parses. */
    private static String storedDetails(ObjectNode details) {
        String json = details == null ? "{}" : details.toString();
        if (json.length() <= MAX_DETAILS) {
            return json;
        }
        return Json.object().put("truncated", json.substring(0, KEPT_OF_LONG_DETAILS)).toString();
    }

    private static ObjectNode readDetails(String json) {
        try {
            return (ObjectNode) Json.MAPPER.readTree(json);
        } catch (JsonProcessingException | ClassCastException e) {
            throw new IllegalStateException("audit details are not a JSON object: " + json, e);
        }
    }

    private static String cut(String value, int max) {
        String v = value == null ? "" : value;
        return v.length() <= max ? v : v.substring(0, max - 1) + "…";
    }
}
