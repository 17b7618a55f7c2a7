package org.rampart.web.lists;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.rampart.event.Json;
import org.rampart.web.audit.AuditLog;
import org.rampart.web.state.StateConflictException;
import org.rampart.web.state.StateDatabase;

/** The block lists and the watchlist in the state database (MozDef's ipblocklist, fqdnblocklist, watchlist). */
public final class ListItems {
    /** MozDef's grace: an entry that expired less than this long ago is neither returned nor deleted yet. */
    static final Duration DELETE_GRACE = Duration.ofHours(1);

    /** One list and what its name is in the state and the audit log. */
    public enum Kind {
        IP_BLOCKLIST("ipblocklist"), FQDN_BLOCKLIST("fqdnblocklist"), WATCHLIST("watchlist");

        final String table;

        Kind(String table) {
            this.table = table;
        }

        /** MozDef's name of the list: {@code ipblocklist}, {@code fqdnblocklist}, {@code watchlist}. */
        public String id() {
            return table;
        }

        /** The list named {@code id}, if there is one. */
        public static Optional<Kind> named(String id) {
            return Arrays.stream(values()).filter(k -> k.table.equals(id)).findFirst();
        }
    }

    /** One stored entry; {@code comment} and {@code reference} may be null. */
    public record Stored(String item, OffsetDateTime added, OffsetDateTime expiring, String comment, String creator,
                         String reference) {}

    /** What adding did: a new entry, an existing one given a new expiry, or an existing one left as it was. */
    public enum Outcome { ADDED, REFRESHED, UNCHANGED }

    /** What to store; {@code comment} and {@code reference} may be null. */
    public record Entry(String item, Duration lifetime, String comment, String reference, String creator) {}

    private final StateDatabase db;
    private final AuditLog audit;
    private final Clock clock;

    public ListItems(StateDatabase db, AuditLog audit, Clock clock) {
        this.db = db;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Adds {@code entry} to {@code kind}, recorded in the audit log in the same transaction. An existing item is
     * refreshed (new expiry and comment, MozDef's ipblocklist) when {@code refresh}, else left unchanged.
     */
    public Outcome add(Kind kind, Entry entry, boolean refresh) throws SQLException {
        try {
            return db.inTransaction(c -> addIn(c, kind, entry, refresh));
        } catch (SQLException e) {
            if (!StateConflictException.isUniqueViolation(e)) {
                throw e;
            }
            return db.inTransaction(c -> addIn(c, kind, entry, refresh)); // a concurrent add inserted it first
        }
    }

    private Outcome addIn(Connection c, Kind kind, Entry entry, boolean refresh) throws SQLException {
        OffsetDateTime now = now();
        OffsetDateTime expiring = now.plus(entry.lifetime());
        Outcome outcome;
        if (exists(c, kind, entry.item())) {
            if (!refresh) {
                return Outcome.UNCHANGED;
            }
            StateDatabase.update(c, "UPDATE list_item SET date_expiring = ?, comment = ? WHERE list_name = ? AND item = ?",
                    expiring, entry.comment(), kind.table, entry.item());
            outcome = Outcome.REFRESHED;
        } else {
            StateDatabase.update(c, "INSERT INTO list_item (list_name, item, date_added, date_expiring, comment, creator,"
                    + " reference) VALUES (?, ?, ?, ?, ?, ?, ?)", kind.table, entry.item(), now, expiring,
                    entry.comment(), entry.creator(), entry.reference());
            outcome = Outcome.ADDED;
        }
        ObjectNode details = Json.object().put("expires", expiring.toString()).put("comment", entry.comment())
                .put("reference", entry.reference());
        audit.record(c, AuditLog.Entry.of(entry.creator(), kind.table + "." + (outcome == Outcome.ADDED ? "add" : "refresh"),
                entry.item(), details));
        return outcome;
    }

    private static boolean exists(Connection c, Kind kind, String item) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM list_item WHERE list_name = ? AND item = ?")) {
            s.setString(1, kind.table);
            s.setString(2, item);
            try (ResultSet r = s.executeQuery()) {
                return r.next();
            }
        }
    }

    /**
     * The unexpired items of {@code kind}, newest first, as MozDef's {@code /getwatchlist} gives them; first deletes
     * entries that expired more than an hour ago.
     */
    public List<String> current(Kind kind) throws SQLException {
        return unexpired(kind).stream().map(Stored::item).toList();
    }

    /** {@link #current} with every stored field. */
    public List<Stored> unexpired(Kind kind) throws SQLException {
        OffsetDateTime now = now();
        try (Connection c = db.connection()) {
            StateDatabase.update(c, "DELETE FROM list_item WHERE list_name = ? AND date_expiring < ?", kind.table,
                    now.minus(DELETE_GRACE));
            try (PreparedStatement s = c.prepareStatement("SELECT item, date_added, date_expiring, comment, creator,"
                    + " reference FROM list_item WHERE list_name = ? AND date_expiring >= ? ORDER BY date_added DESC, item")) {
                s.setString(1, kind.table);
                s.setObject(2, now);
                try (ResultSet r = s.executeQuery()) {
                    List<Stored> items = new ArrayList<>();
                    while (r.next()) {
                        items.add(new Stored(r.getString(1), utc(r, 2), utc(r, 3), r.getString(4), r.getString(5),
                                r.getString(6)));
                    }
                    return items;
                }
            }
        }
    }

    private static OffsetDateTime utc(ResultSet r, int column) throws SQLException {
        return r.getObject(column, OffsetDateTime.class).withOffsetSameInstant(ZoneOffset.UTC);
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }
}
