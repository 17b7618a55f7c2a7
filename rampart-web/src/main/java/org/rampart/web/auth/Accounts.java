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
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.regex.Pattern;
import org.rampart.event.Json;
import org.rampart.web.audit.AuditLog;
import org.rampart.web.state.StateConflictException;
import org.rampart.web.state.StateDatabase;

/** Local accounts: a name, a role and an Argon2id password hash. Every change is audited in its own transaction. */
public final class Accounts {
    /** The account the first start creates. */
    public static final String FIRST_ADMIN = "admin";
    public static final int MIN_PASSWORD = 12;
    /** Longer passwords are refused before hashing: nobody types more, and hashing megabytes costs. */
    public static final int MAX_PASSWORD = 1024;
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._@-]{0,63}");

    /** One account, without its hash. */
    public record Account(long id, String name, Role role, OffsetDateTime created) {}

    private final StateDatabase db;
    private final PasswordHasher hasher;
    private final AuditLog audit;
    private final Clock clock;

    public Accounts(StateDatabase db, PasswordHasher hasher, AuditLog audit, Clock clock) {
        this.db = db;
        this.hasher = hasher;
        this.audit = audit;
        this.clock = clock;
    }

    /** {@code name} as accounts are keyed: stripped, lower case, 1-64 of {@code a-z 0-9 . _ @ -}. */
    public static String normalizeName(String name) {
        String n = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        if (!NAME.matcher(n).matches()) {
            throw new IllegalArgumentException("an account name is 1 to 64 of a-z, 0-9, '.', '_', '@', '-', starting with"
                    + " a letter or digit");
        }
        return n;
    }

    /** Creates an account; a taken name is a {@link StateConflictException}. */
    public Account add(String name, Role role, char[] password, String actor) throws SQLException {
        String n = normalizeName(name);
        String hash = hasher.hash(checkedPassword(password));
        OffsetDateTime now = now();
        try {
            return db.inTransaction(c -> {
                long id;
                try (PreparedStatement s = c.prepareStatement(
                        "INSERT INTO account (name, role, password_hash, created) VALUES (?, ?, ?, ?)", new String[] {"id"})) {
                    s.setString(1, n);
                    s.setString(2, role.id());
                    s.setString(3, hash);
                    s.setObject(4, now);
                    s.executeUpdate();
                    try (ResultSet keys = s.getGeneratedKeys()) {
                        keys.next();
                        id = keys.getLong(1);
                    }
                }
                audit.record(c, AuditLog.Entry.of(actor, "account.add", n, Json.object().put("role", role.id())));
                return new Account(id, n, role, now);
            });
        } catch (SQLException e) {
            if (StateConflictException.isUniqueViolation(e)) {
                throw new StateConflictException("an account named " + n + " exists already");
            }
            throw e;
        }
    }

    /** Every account, by name. */
    public List<Account> list() throws SQLException {
        try (Connection c = db.connection();
             PreparedStatement s = c.prepareStatement("SELECT id, name, role, created FROM account ORDER BY name");
             ResultSet r = s.executeQuery()) {
            List<Account> out = new ArrayList<>();
            while (r.next()) {
                out.add(account(r));
            }
            return out;
        }
    }

    /** Sets a new password and ends the account's sessions (its API tokens stay valid). */
    public void changePassword(String name, char[] password, String actor) throws SQLException {
        String n = normalizeName(name);
        String hash = hasher.hash(checkedPassword(password));
        db.inTransaction(c -> {
            long id = idOf(c, n);
            if (StateDatabase.update(c, "UPDATE account SET password_hash = ? WHERE id = ? AND oidc_subject IS NULL", hash,
                    id) == 0) {
                throw new IllegalArgumentException(n + " logs in through OIDC: it has no password to change");
            }
            StateDatabase.update(c, "DELETE FROM login_session WHERE account_id = ?", id);
            audit.record(c, AuditLog.Entry.of(actor, "account.passwd", n, Json.object()));
            return null;
        });
    }

    /** Removes an account with its sessions and tokens; the last admin cannot be removed. */
    public void remove(String name, String actor) throws SQLException {
        String n = normalizeName(name);
        db.inTransaction(c -> {
            long id = idOf(c, n);
            checkNotLastAdmin(c, id, n, "removing it");
            StateDatabase.update(c, "DELETE FROM account WHERE id = ?", id);
            audit.record(c, AuditLog.Entry.of(actor, "account.remove", n, Json.object()));
            return null;
        });
    }

    /** Gives an account another role; its sessions and tokens act with it at once. The last admin keeps its role. */
    public Account setRole(String name, Role role, String actor) throws SQLException {
        String n = normalizeName(name);
        return db.inTransaction(c -> {
            long id = idOf(c, n);
            Account was = read(c, id);
            if (was.role() != role) {
                if (was.role() == Role.ADMIN) {
                    checkNotLastAdmin(c, id, n, "changing its role");
                }
                StateDatabase.update(c, "UPDATE account SET role = ? WHERE id = ?", role.id(), id);
                audit.record(c, AuditLog.Entry.of(actor, "account.role", n,
                        Json.object().put("from", was.role().id()).put("to", role.id())));
            }
            return new Account(id, n, role, was.created());
        });
    }

    /** One account by name. */
    public Account get(String name) throws SQLException {
        String n = normalizeName(name);
        try (Connection c = db.connection()) {
            return read(c, idOf(c, n));
        }
    }

    private static Account read(Connection c, long id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT id, name, role, created FROM account WHERE id = ?")) {
            s.setLong(1, id);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return account(r);
            }
        }
    }

    /** The account of a row of {@code id, name, role, created}. */
    private static Account account(ResultSet r) throws SQLException {
        return new Account(r.getLong(1), r.getString(2), Role.parse(r.getString(3)),
                r.getObject(4, OffsetDateTime.class).withOffsetSameInstant(ZoneOffset.UTC));
    }

    /** Refuses a change that would leave no admin. */
    private static void checkNotLastAdmin(Connection c, long id, String name, String change) throws SQLException {
        // The admins are locked, so two admins demoting or removing each other at once cannot leave none.
        List<Long> admins = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT id FROM account WHERE role = 'admin' FOR UPDATE");
             ResultSet r = s.executeQuery()) {
            while (r.next()) {
                admins.add(r.getLong(1));
            }
        }
        if (admins.equals(List.of(id))) {
            throw new StateConflictException(name + " is the last admin; add another admin before " + change);
        }
    }

    /**
     * The account when {@code password} is its password. An unknown name costs one hash verification too, so the
     * time of a failed login does not tell whether the account exists. A hash with weaker parameters than the current
     * ones is replaced on success.
     */
    public Optional<Account> authenticate(String name, char[] password) throws SQLException {
        String n;
        try {
            n = normalizeName(name);
        } catch (IllegalArgumentException e) {
            hasher.verifyNothing(password);
            return Optional.empty();
        }
        String storedHash;
        Account account;
        try (Connection c = db.connection();
             PreparedStatement s = c.prepareStatement("SELECT id, role, created, password_hash FROM account WHERE name = ?")) {
            s.setString(1, n);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    hasher.verifyNothing(password);
                    return Optional.empty();
                }
                account = new Account(r.getLong(1), n, Role.parse(r.getString(2)),
                        r.getObject(3, OffsetDateTime.class).withOffsetSameInstant(ZoneOffset.UTC));
                storedHash = r.getString(4);
            }
        }
        if (storedHash == null) { // an OIDC account: it has no password
            hasher.verifyNothing(password);
            return Optional.empty();
        }
        if (!hasher.verify(storedHash, password)) {
            return Optional.empty();
        }
        if (hasher.needsRehash(storedHash)) {
            try (Connection c = db.connection()) {
                StateDatabase.update(c, "UPDATE account SET password_hash = ? WHERE id = ? AND password_hash = ?",
                        hasher.hash(password), account.id(), storedHash);
            }
        }
        return Optional.of(account);
    }

    /**
     * The account of the OIDC user {@code subject} of {@code issuer}: created (named {@code name}, without a password)
     * at its first login, its role set to {@code role} at every login, as the provider now says. A local account of the
     * same name is never taken over: that is a {@link StateConflictException}.
     */
    public Account signInExternal(String issuer, String subject, String name, Role role) throws SQLException {
        String n = normalizeName(name);
        OffsetDateTime now = now();
        try {
            return db.inTransaction(c -> {
                try (PreparedStatement s = c.prepareStatement(
                        "SELECT id, name, role, created FROM account WHERE oidc_issuer = ? AND oidc_subject = ? FOR UPDATE")) {
                    s.setString(1, issuer);
                    s.setString(2, subject);
                    try (ResultSet r = s.executeQuery()) {
                        if (r.next()) {
                            Account known = new Account(r.getLong(1), r.getString(2), role,
                                    r.getObject(4, OffsetDateTime.class).withOffsetSameInstant(ZoneOffset.UTC));
                            Role was = Role.parse(r.getString(3));
                            if (was != role) {
                                StateDatabase.update(c, "UPDATE account SET role = ? WHERE id = ?", role.id(), known.id());
                                audit.record(c, AuditLog.Entry.of("oidc", "account.role", known.name(),
                                        Json.object().put("from", was.id()).put("to", role.id())));
                            }
                            return known;
                        }
                    }
                }
                long id;
                try (PreparedStatement s = c.prepareStatement("INSERT INTO account (name, role, password_hash, created,"
                        + " oidc_issuer, oidc_subject) VALUES (?, ?, NULL, ?, ?, ?)", new String[] {"id"})) {
                    s.setString(1, n);
                    s.setString(2, role.id());
                    s.setObject(3, now);
                    s.setString(4, issuer);
                    s.setString(5, subject);
                    s.executeUpdate();
                    try (ResultSet keys = s.getGeneratedKeys()) {
                        keys.next();
                        id = keys.getLong(1);
                    }
                }
                audit.record(c, AuditLog.Entry.of("oidc", "account.add", n,
                        Json.object().put("role", role.id()).put("issuer", issuer).put("subject", subject)));
                return new Account(id, n, role, now);
            });
        } catch (SQLException e) {
            if (StateConflictException.isUniqueViolation(e)) {
                throw new StateConflictException("an account named " + n + " exists already and is not this OIDC user's;"
                        + " an admin must rename or remove it");
            }
            throw e;
        }
    }

    /**
     * On a database without accounts, creates {@link #FIRST_ADMIN} with a random password and returns that password
     * (for the console, once); otherwise empty.
     */
    public Optional<String> createFirstAdmin() throws SQLException {
        if (count() > 0) {
            return Optional.empty();
        }
        String password = Secrets.random(18);
        try {
            add(FIRST_ADMIN, Role.ADMIN, password.toCharArray(), "system");
        } catch (StateConflictException e) {
            return Optional.empty(); // another process created it first
        }
        return Optional.of(password);
    }

    /**
     * Sets the password of {@code name}, creating the account with {@code role} when absent (the demo login); returns
     * the password.
     */
    public String resetOrCreate(String name, Role role, String actor) throws SQLException {
        String password = Secrets.random(18);
        try {
            add(name, role, password.toCharArray(), actor);
        } catch (StateConflictException e) {
            changePassword(name, password.toCharArray(), actor);
        }
        return password;
    }

    private long count() throws SQLException {
        try (Connection c = db.connection();
             PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM account");
             ResultSet r = s.executeQuery()) {
            r.next();
            return r.getLong(1);
        }
    }

    private static char[] checkedPassword(char[] password) {
        if (password == null || password.length < MIN_PASSWORD || password.length > MAX_PASSWORD) {
            throw new IllegalArgumentException("a password has " + MIN_PASSWORD + " to " + MAX_PASSWORD + " characters");
        }
        if (new String(password).isBlank()) {
            throw new IllegalArgumentException("a password cannot be only spaces");
        }
        return password;
    }

    private static long idOf(Connection c, String name) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT id FROM account WHERE name = ?")) {
            s.setString(1, name);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    throw new NoSuchElementException("no account named " + name);
                }
                return r.getLong(1);
            }
        }
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }
}
