package org.rampart.web.auth;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.regex.Pattern;
import org.rampart.event.Json;
import org.rampart.web.audit.AuditLog;
import org.rampart.web.state.StateConflictException;
import org.rampart.web.state.StateDatabase;

/**
 * Personal API tokens: an account's bearer credentials for scripts, each with a name and a role at most the owner's. The
 * secret is shown once, when issued; the table holds its SHA-256 only. A token acts with the lower of its own role and
 * its owner's current role, and dies with its owner.
 */
public final class PersonalTokens {
    /** Every personal token starts so, which tells it apart from the service token and lets secret scanners find it. */
    static final String PREFIX = "rpt_";
    private static final Pattern SECRET = Pattern.compile(Pattern.quote(PREFIX) + "[A-Za-z0-9_-]{43}");
    private static final int MAX_PER_ACCOUNT = 50;
    private static final int MAX_NAME = 64;

    /** A token as listed: never its secret. */
    public record Token(long id, String name, Role role, OffsetDateTime created) {}

    /** A token just issued, with its secret (shown this once). */
    public record Issued(Token token, String secret) {}

    private final StateDatabase db;
    private final AuditLog audit;
    private final Clock clock;

    public PersonalTokens(StateDatabase db, AuditLog audit, Clock clock) {
        this.db = db;
        this.audit = audit;
        this.clock = clock;
    }

    /** Issues a token for {@code owner}'s account with {@code role} (at most the owner's). */
    public Issued issue(Caller owner, String name, Role role) throws SQLException {
        if (owner.via() == Caller.Via.SERVICE_TOKEN) {
            throw new AccessDeniedException("the service token belongs to no account; log in to create personal tokens");
        }
        if (!owner.role().includes(role)) {
            throw new AccessDeniedException("a token's role can be at most yours (" + owner.role().id() + "); "
                    + role.id() + " was asked");
        }
        String n = name == null ? "" : name.strip();
        if (n.isEmpty() || n.length() > MAX_NAME || n.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("a token name has 1 to " + MAX_NAME + " printable characters");
        }
        String secret = PREFIX + Secrets.random(32);
        OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        Token token = db.inTransaction(c -> {
            if (countOf(c, owner.accountId()) >= MAX_PER_ACCOUNT) {
                throw new StateConflictException("an account has at most " + MAX_PER_ACCOUNT + " tokens; revoke one first");
            }
            long id;
            try (PreparedStatement s = c.prepareStatement("INSERT INTO api_token (account_id, name, role, secret_hash, created)"
                    + " VALUES (?, ?, ?, ?, ?)", new String[] {"id"})) {
                s.setLong(1, owner.accountId());
                s.setString(2, n);
                s.setString(3, role.id());
                s.setString(4, Secrets.digest(secret));
                s.setObject(5, now);
                s.executeUpdate();
                try (ResultSet keys = s.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getLong(1);
                }
            }
            audit.record(c, AuditLog.Entry.of(owner.actor(), "token.issue", String.valueOf(id),
                    Json.object().put("name", n).put("role", role.id()).put("owner", owner.name())));
            return new Token(id, n, role, now);
        });
        return new Issued(token, secret);
    }

    /** The tokens of {@code accountId}, oldest first. */
    public List<Token> list(long accountId) throws SQLException {
        try (Connection c = db.connection();
             PreparedStatement s = c.prepareStatement(
                     "SELECT id, name, role, created FROM api_token WHERE account_id = ? ORDER BY id")) {
            s.setLong(1, accountId);
            List<Token> out = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(new Token(r.getLong(1), r.getString(2), Role.parse(r.getString(3)),
                            r.getObject(4, OffsetDateTime.class).withOffsetSameInstant(ZoneOffset.UTC)));
                }
            }
            return out;
        }
    }

    /** Revokes token {@code id}: the caller's own, or anyone's for an admin. */
    public void revoke(Caller caller, long id) throws SQLException {
        db.inTransaction(c -> {
            long owner;
            try (PreparedStatement s = c.prepareStatement("SELECT account_id FROM api_token WHERE id = ?")) {
                s.setLong(1, id);
                try (ResultSet r = s.executeQuery()) {
                    // Someone else's token is "not found" to a non-admin, so ids do not reveal what exists.
                    if (!r.next() || (r.getLong(1) != caller.accountId() && !caller.role().includes(Role.ADMIN))) {
                        throw new NoSuchElementException("no token " + id + " of yours");
                    }
                    owner = r.getLong(1);
                }
            }
            StateDatabase.update(c, "DELETE FROM api_token WHERE id = ?", id);
            audit.record(c, AuditLog.Entry.of(caller.actor(), "token.revoke", String.valueOf(id),
                    Json.object().put("ownerAccountId", owner)));
            return null;
        });
    }

    /** The caller a presented secret authenticates, or empty. */
    public Optional<Caller> resolve(String secret) throws SQLException {
        if (secret == null || !SECRET.matcher(secret).matches()) {
            return Optional.empty();
        }
        try (Connection c = db.connection();
             PreparedStatement s = c.prepareStatement("SELECT t.id, t.role, a.id, a.name, a.role FROM api_token t"
                     + " JOIN account a ON a.id = t.account_id WHERE t.secret_hash = ?")) {
            s.setString(1, Secrets.digest(secret));
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    return Optional.empty();
                }
                Role tokenRole = Role.parse(r.getString(2));
                Role ownerRole = Role.parse(r.getString(5));
                Role effective = ownerRole.includes(tokenRole) ? tokenRole : ownerRole;
                return Optional.of(new Caller(Caller.Via.PERSONAL_TOKEN, r.getLong(3), r.getString(4), effective,
                        String.valueOf(r.getLong(1)), null));
            }
        }
    }

    private static long countOf(Connection c, long accountId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM api_token WHERE account_id = ?")) {
            s.setLong(1, accountId);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }
}
