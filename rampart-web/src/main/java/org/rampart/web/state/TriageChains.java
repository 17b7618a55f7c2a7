package org.rampart.web.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** The triage bot's duplicate chains (MozDef's {@code duplicatechains}): alert label + user → identifiers. */
public final class TriageChains {
    /** Identifiers are short ids from chat messages; a newline cannot occur in them, so it separates them. */
    private static final String SEPARATOR = "\n";

    /** One chain as stored. */
    public record Chain(String alert, String user, List<String> identifiers, OffsetDateTime created,
                        OffsetDateTime modified) {}

    private final StateDatabase db;
    private final Clock clock;

    public TriageChains(StateDatabase db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    public Optional<Chain> find(String alert, String user) throws SQLException {
        try (Connection c = db.connection();
             PreparedStatement s = c.prepareStatement(
                     "SELECT identifiers, created, modified FROM duplicate_chain WHERE alert = ? AND user_email = ?")) {
            s.setString(1, alert);
            s.setString(2, user);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Chain(alert, user, split(r.getString(1)),
                        r.getObject(2, OffsetDateTime.class), r.getObject(3, OffsetDateTime.class)));
            }
        }
    }

    /** Creates the chain, or replaces an existing one (identifiers and both dates). */
    public void create(String alert, String user, List<String> identifiers) throws SQLException {
        OffsetDateTime now = now();
        String joined = join(identifiers);
        // UPDATE, then INSERT when nothing was there: portable SQL (H2's MERGE ... KEY is not PostgreSQL's).
        try {
            db.inTransaction(c -> replaceOrInsert(c, alert, user, joined, now));
        } catch (SQLException e) {
            if (!StateConflictException.isUniqueViolation(e)) {
                throw e;
            }
            db.inTransaction(c -> replaceOrInsert(c, alert, user, joined, now)); // a concurrent create inserted it first
        }
    }

    private static Void replaceOrInsert(Connection c, String alert, String user, String identifiers, OffsetDateTime now)
            throws SQLException {
        if (StateDatabase.update(c, "UPDATE duplicate_chain SET identifiers = ?, created = ?, modified = ?"
                + " WHERE alert = ? AND user_email = ?", identifiers, now, now, alert, user) == 0) {
            StateDatabase.update(c, "INSERT INTO duplicate_chain (alert, user_email, identifiers, created, modified)"
                    + " VALUES (?, ?, ?, ?, ?)", alert, user, identifiers, now, now);
        }
        return null;
    }

    /** Appends identifiers to an existing chain; false when there is none. */
    public boolean append(String alert, String user, List<String> identifiers) throws SQLException {
        Optional<Chain> existing = find(alert, user);
        if (existing.isEmpty()) {
            return false;
        }
        List<String> all = Stream.concat(existing.get().identifiers().stream(), identifiers.stream()).toList();
        try (Connection c = db.connection();
             PreparedStatement s = c.prepareStatement(
                     "UPDATE duplicate_chain SET identifiers = ?, modified = ? WHERE alert = ? AND user_email = ?")) {
            s.setString(1, join(all));
            s.setObject(2, now());
            s.setString(3, alert);
            s.setString(4, user);
            return s.executeUpdate() == 1;
        }
    }

    public void delete(String alert, String user) throws SQLException {
        try (Connection c = db.connection();
             PreparedStatement s = c.prepareStatement("DELETE FROM duplicate_chain WHERE alert = ? AND user_email = ?")) {
            s.setString(1, alert);
            s.setString(2, user);
            s.executeUpdate();
        }
    }

    public OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }

    private static String join(List<String> identifiers) {
        for (String id : identifiers) {
            if (id.contains(SEPARATOR)) {
                throw new IllegalArgumentException("an identifier cannot contain a line break");
            }
        }
        return String.join(SEPARATOR, identifiers);
    }

    private static List<String> split(String stored) {
        return stored.isEmpty() ? List.of() : Arrays.asList(stored.split(SEPARATOR));
    }
}
