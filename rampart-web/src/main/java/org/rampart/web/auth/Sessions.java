package org.rampart.web.auth;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.regex.Pattern;
import org.rampart.web.state.StateDatabase;

/**
 * Login sessions, server-side in SQL. The cookie carries 256 random bits; the table holds their SHA-256 only. A session
 * ends when idle longer than the idle timeout, when older than the absolute timeout, at logout, and when the account's
 * password changes or the account is removed. Its role is read from the account on each request, so a changed role
 * applies at once.
 */
public final class Sessions {
    /** Sessions kept per account; logging in again beyond that ends the least recently used. */
    private static final int MAX_PER_ACCOUNT = 20;
    /** Activity moves {@code last_seen} at most this often: one write per minute per session, not one per request. */
    private static final Duration TOUCH_GRANULARITY = Duration.ofMinutes(1);
    private static final Pattern COOKIE_VALUE = Pattern.compile("[A-Za-z0-9_-]{43}");

    /**
     * How long sessions live.
     *
     * @param idleTimeout     a session unused this long ends
     * @param absoluteTimeout a session this old ends however busy it is
     */
    public record Timeouts(Duration idleTimeout, Duration absoluteTimeout) {
        public Timeouts {
            if (idleTimeout.compareTo(TOUCH_GRANULARITY) < 0 || absoluteTimeout.compareTo(idleTimeout) < 0) {
                throw new IllegalArgumentException("the idle timeout must be at least 1m and the absolute timeout at least"
                        + " the idle timeout; they were " + idleTimeout + " and " + absoluteTimeout);
            }
        }
    }

    /**
     * A new session.
     *
     * @param cookieValue what the client presents (set as the session cookie, never stored)
     * @param caller      who it authenticates
     */
    public record Opened(String cookieValue, Caller caller) {}

    private final StateDatabase db;
    private final Timeouts timeouts;
    private final Clock clock;

    public Sessions(StateDatabase db, Timeouts timeouts, Clock clock) {
        this.db = db;
        this.timeouts = timeouts;
        this.clock = clock;
    }

    /** Opens a session for {@code account}; expired sessions of every account are purged on the way. */
    public Opened open(Accounts.Account account) throws SQLException {
        String cookieValue = Secrets.random(32);
        String idHash = Secrets.digest(cookieValue);
        String csrf = Secrets.random(32);
        OffsetDateTime now = now();
        db.inTransaction(c -> {
            StateDatabase.update(c, "DELETE FROM login_session WHERE last_seen < ? OR created < ?",
                    now.minus(timeouts.idleTimeout()), now.minus(timeouts.absoluteTimeout()));
            StateDatabase.update(c, "INSERT INTO login_session (id_hash, account_id, csrf_token, created, last_seen)"
                    + " VALUES (?, ?, ?, ?, ?)", idHash, account.id(), csrf, now, now);
            StateDatabase.update(c, "DELETE FROM login_session WHERE account_id = ? AND id_hash NOT IN (SELECT id_hash FROM"
                    + " login_session WHERE account_id = ? ORDER BY last_seen DESC, created DESC FETCH FIRST "
                    + MAX_PER_ACCOUNT + " ROWS ONLY)", account.id(), account.id());
            return null;
        });
        return new Opened(cookieValue, new Caller(Caller.Via.SESSION, account.id(), account.name(), account.role(), idHash, csrf));
    }

    /** The caller of a live session, or empty when the cookie names none (or an expired one, which is then deleted). */
    public Optional<Caller> resolve(String cookieValue) throws SQLException {
        if (cookieValue == null || !COOKIE_VALUE.matcher(cookieValue).matches()) {
            return Optional.empty();
        }
        String idHash = Secrets.digest(cookieValue);
        OffsetDateTime now = now();
        try (Connection c = db.connection()) {
            Caller caller;
            OffsetDateTime lastSeen;
            try (PreparedStatement s = c.prepareStatement("SELECT s.account_id, a.name, a.role, s.csrf_token, s.created,"
                    + " s.last_seen FROM login_session s JOIN account a ON a.id = s.account_id WHERE s.id_hash = ?")) {
                s.setString(1, idHash);
                try (ResultSet r = s.executeQuery()) {
                    if (!r.next()) {
                        return Optional.empty();
                    }
                    caller = new Caller(Caller.Via.SESSION, r.getLong(1), r.getString(2), Role.parse(r.getString(3)), idHash,
                            r.getString(4));
                    OffsetDateTime created = r.getObject(5, OffsetDateTime.class);
                    lastSeen = r.getObject(6, OffsetDateTime.class);
                    if (!now.isBefore(lastSeen.plus(timeouts.idleTimeout()))
                            || !now.isBefore(created.plus(timeouts.absoluteTimeout()))) {
                        StateDatabase.update(c, "DELETE FROM login_session WHERE id_hash = ?", idHash);
                        return Optional.empty();
                    }
                }
            }
            if (!now.isBefore(lastSeen.plus(TOUCH_GRANULARITY))) {
                StateDatabase.update(c, "UPDATE login_session SET last_seen = ? WHERE id_hash = ?", now, idHash);
            }
            return Optional.of(caller);
        }
    }

    /** Ends the session a cookie names, if any (a login replaces the session the client had: no fixation). */
    public void end(String cookieValue) throws SQLException {
        if (cookieValue != null && COOKIE_VALUE.matcher(cookieValue).matches()) {
            try (Connection c = db.connection()) {
                StateDatabase.update(c, "DELETE FROM login_session WHERE id_hash = ?", Secrets.digest(cookieValue));
            }
        }
    }

    /** Ends the session {@code caller} came with (logout). */
    public void close(Caller caller) throws SQLException {
        if (caller.via() != Caller.Via.SESSION) {
            throw new IllegalArgumentException("only a login session can log out; revoke an API token with DELETE /tokens/{id}");
        }
        try (Connection c = db.connection()) {
            StateDatabase.update(c, "DELETE FROM login_session WHERE id_hash = ?", caller.credential());
        }
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }
}
