package org.rampart.web.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.rampart.alerts.schedule.AlertSchedule;
import org.rampart.alerts.schedule.AlertScheduler;
import org.rampart.event.Json;
import org.rampart.query.contract.MutableClock;
import org.rampart.web.alerts.AlertStatuses;
import org.rampart.web.incidents.IncidentChange;
import org.rampart.web.incidents.Incidents;
import org.rampart.web.incidents.VerisTaxonomy;
import org.rampart.web.audit.AuditLog;
import org.rampart.web.auth.Accounts;
import org.rampart.web.auth.Caller;
import org.rampart.web.auth.PasswordHasher;
import org.rampart.web.auth.PersonalTokens;
import org.rampart.web.auth.Role;
import org.rampart.web.auth.Sessions;
import org.rampart.web.lists.ListItems;
import org.rampart.web.live.LiveEvents;
import org.rampart.web.schedules.AlertSchedules;
import org.rampart.web.schedules.ScheduleRuntime;


/**
 * The migrations and the account, session, token, audit, triage chain, block/watch list, alert status, incident and schedule SQL
 * on a real PostgreSQL, in a throwaway
 * database: the cluster mode runs the same schema there unchanged. The server is {@code -Drampart.test.postgres} (a
 * JDBC URL ending in '/', user postgres, trust auth), by default the local one.
 */
class StateMigrationsPostgresTest {
    private static final String SERVER = System.getProperty("rampart.test.postgres", "jdbc:postgresql://127.0.0.1:5432/");
    private static final char[] PASSWORD = "a long enough password".toCharArray();

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    private final String database = "rampart_test_" + UUID.randomUUID().toString().replace("-", "").toLowerCase(Locale.ROOT);
    private StateDatabase state;

    @BeforeEach
    void createDatabase() throws SQLException {
        try (Connection c = DriverManager.getConnection(SERVER + "postgres", "postgres", "");
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + database);
        }
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(SERVER + database);
        ds.setUser("postgres");
        state = StateDatabase.open(ds);
    }

    @AfterEach
    void dropDatabase() throws SQLException {
        try (Connection c = DriverManager.getConnection(SERVER + "postgres", "postgres", "");
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    @Test
    void everyMigrationRunsAndAStartOnAMigratedDatabaseChangesNothing() throws SQLException {
        try (Connection c = state.connection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT version, success FROM flyway_schema_history ORDER BY installed_rank")) {
            int migrations = 0;
            while (r.next()) {
                assertThat(r.getBoolean(2)).as("migration %s", r.getString(1)).isTrue();
                migrations++;
            }
            assertThat(migrations).isGreaterThanOrEqualTo(2);
        }
        StateDatabase.open(state.dataSource());
    }

    @Test
    void accountsSessionsTokensAndAuditWorkOnPostgres() throws SQLException {
        AuditLog audit = new AuditLog(state, clock);
        Accounts accounts = new Accounts(state, PasswordHasher.owasp(), audit, clock);
        Accounts.Account root = accounts.add("root", Role.ADMIN, PASSWORD, "test");
        assertThatThrownBy(() -> accounts.add("root", Role.ADMIN, PASSWORD, "test")).isInstanceOf(StateConflictException.class);
        assertThatThrownBy(() -> accounts.remove("root", "test")).isInstanceOf(StateConflictException.class);
        assertThat(accounts.authenticate("root", PASSWORD)).isPresent();

        Sessions sessions = new Sessions(state, new Sessions.Timeouts(Duration.ofMinutes(30), Duration.ofHours(12)), clock);
        Sessions.Opened opened = sessions.open(root);
        assertThat(sessions.resolve(opened.cookieValue())).hasValueSatisfying(c -> assertThat(c.name()).isEqualTo("root"));
        clock.advance(Duration.ofMinutes(31));
        assertThat(sessions.resolve(opened.cookieValue())).isEmpty();
        sessions.open(root); // purges expired sessions and caps the account's sessions with a subquery

        PersonalTokens tokens = new PersonalTokens(state, audit, clock);
        Caller caller = sessions.resolve(sessions.open(root).cookieValue()).orElseThrow();
        PersonalTokens.Issued issued = tokens.issue(caller, "ci", Role.VIEWER);
        assertThat(tokens.resolve(issued.secret())).hasValueSatisfying(c -> assertThat(c.role()).isEqualTo(Role.VIEWER));
        tokens.revoke(caller, issued.token().id());
        assertThat(tokens.resolve(issued.secret())).isEmpty();

        audit.record(AuditLog.Entry.of("root", "incident.status", "incident-1", Json.object().put("to", "closed")));
        assertThat(audit.page(null, 2)).extracting(AuditLog.Entry::action).containsExactly("incident.status", "token.revoke");
        assertThat(audit.page(null, 100)).extracting(AuditLog.Entry::action).endsWith("account.add");
    }

    @Test
    void externalAccountsWorkOnPostgres() throws SQLException {
        Accounts accounts = new Accounts(state, PasswordHasher.owasp(), new AuditLog(state, clock), clock);
        accounts.add("root", Role.ADMIN, PASSWORD, "test");
        Accounts.Account alice = accounts.signInExternal("https://id.example.org", "sub-1", "alice", Role.VIEWER);
        assertThat(accounts.signInExternal("https://id.example.org", "sub-1", "alice", Role.ANALYST).id()).isEqualTo(alice.id());
        assertThat(accounts.list()).extracting(a -> a.name() + ":" + a.role().id()).containsExactly("alice:analyst", "root:admin");
        assertThatThrownBy(() -> accounts.signInExternal("https://id.example.org", "sub-2", "root", Role.ADMIN))
                .isInstanceOf(StateConflictException.class);
        assertThat(accounts.authenticate("alice", PASSWORD)).isEmpty();
        assertThatThrownBy(() -> accounts.changePassword("alice", PASSWORD, "test")).isInstanceOf(IllegalArgumentException.class);
        try (Connection c = state.connection()) {
            assertThatThrownBy(() -> StateDatabase.update(c, "INSERT INTO account (name, role, created) VALUES (?, ?, ?)",
                    "neither", "viewer", OffsetDateTime.now(clock))).as("an account with neither a password nor an issuer")
                    .isInstanceOf(SQLException.class);
        }
    }

    @Test
    void triageChainsWorkOnPostgres() throws SQLException {
        TriageChains chains = new TriageChains(state, clock);
        chains.create("a1", "u@example.com", List.of("id1"));
        chains.create("a1", "u@example.com", List.of("id2"));
        assertThat(chains.append("a1", "u@example.com", List.of("id3"))).isTrue();
        assertThat(chains.find("a1", "u@example.com").orElseThrow().identifiers()).containsExactly("id2", "id3");
        chains.delete("a1", "u@example.com");
        assertThat(chains.find("a1", "u@example.com")).isEmpty();
    }

    @Test
    void blockAndWatchListsWorkOnPostgres() throws SQLException {
        ListItems lists = new ListItems(state, new AuditLog(state, clock), clock);
        ListItems.Entry entry = new ListItems.Entry("1.2.3.4/32", Duration.ofHours(1), "c", null, "anna");
        assertThat(lists.add(ListItems.Kind.IP_BLOCKLIST, entry, true)).isEqualTo(ListItems.Outcome.ADDED);
        assertThat(lists.add(ListItems.Kind.IP_BLOCKLIST, entry, true)).isEqualTo(ListItems.Outcome.REFRESHED);
        assertThat(lists.add(ListItems.Kind.WATCHLIST, new ListItems.Entry("baduser", Duration.ofDays(1), null, "r",
                "anna"), false)).isEqualTo(ListItems.Outcome.ADDED);
        clock.advance(Duration.ofHours(3));
        assertThat(lists.current(ListItems.Kind.IP_BLOCKLIST)).isEmpty();
        assertThat(lists.current(ListItems.Kind.WATCHLIST)).containsExactly("baduser");
    }

    @Test
    void alertStatusesWorkOnPostgres() throws SQLException {
        AlertStatuses statuses = new AlertStatuses(state, new AuditLog(state, clock), clock, change -> { });
        statuses.set("a1", AlertStatuses.Status.ACKNOWLEDGED, "alice", "looking");
        clock.advance(Duration.ofMinutes(1));
        statuses.set("a1", AlertStatuses.Status.ESCALATED, "bob", null);
        statuses.set("a2", AlertStatuses.Status.FALSE_POSITIVE, "alice", null);
        // The triage bot's statuses (V6).
        statuses.set("a3", AlertStatuses.Status.MANUAL, "bot", null);
        statuses.set("a3", AlertStatuses.Status.IN_PROGRESS, "bot", null);
        assertThat(statuses.history("a1")).extracting(AlertStatuses.Change::actor).containsExactly("alice", "bob");
        assertThat(statuses.current(List.of("a1", "a2", "a3", "a4"))).hasSize(3)
                .hasEntrySatisfying("a1", c -> assertThat(c.status()).isEqualTo(AlertStatuses.Status.ESCALATED));
    }

    @Test
    void incidentsWithOptimisticVersionsWorkOnPostgres() throws SQLException {
        AuditLog audit = new AuditLog(state, clock);
        new Accounts(state, PasswordHasher.owasp(), audit, clock).add("alice", Role.ANALYST, PASSWORD, "test");
        Incidents incidents = new Incidents(state, audit, clock, changed -> { });
        VerisTaxonomy veris = VerisTaxonomy.bundled();
        Incidents.Incident created = incidents.create("alice", IncidentChange.parse(Json.object().put("summary", "s")
                .set("owners", Json.MAPPER.createArrayNode().add("alice")), veris));
        clock.advance(Duration.ofMinutes(1));
        incidents.change(created.id(), 1, "alice", IncidentChange.parse(Json.object().put("phase", "Closed"), veris));
        assertThatThrownBy(() -> incidents.change(created.id(), 1, "bob",
                IncidentChange.parse(Json.object().put("summary", "late"), veris)))
                .isInstanceOf(Incidents.VersionConflict.class);
        assertThat(incidents.page(Optional.of("Closed"), 10, 0)).extracting(Incidents.Incident::version)
                .containsExactly(2L);
        assertThat(incidents.page(Optional.empty(), 10, 1)).isEmpty();
    }

    @Test
    void alertSchedulesWorkOnPostgres() throws Exception {
        AlertSchedules schedules = new AlertSchedules(state, new AuditLog(state, clock), clock, new LiveEvents());
        try (AlertScheduler scheduler = new AlertScheduler(clock, name -> () -> List.of())) {
            scheduler.sync(Map.of("a.Alert", "*/1 * * * *", "b.Alert", "*/5 * * * *"));
            schedules.attach(ScheduleRuntime.of(scheduler));
            schedules.ran("a.Alert", 0, null);
            schedules.ran("a.Alert", 0, null);
            ObjectNode a = (ObjectNode) schedules.documents().get("a.Alert");
            a.put("enabled", false);
            schedules.replace((ObjectNode) Json.object().set("a", a), "alice");
            schedules.sync((ObjectNode) Json.MAPPER.readTree("{\"b.Alert\": {\"total_run_count\": 7, \"last_run_at\": null}}"),
                    "alice");
            assertThat(schedules.documents().path("a.Alert").path("total_run_count").asLong()).isEqualTo(2);
            assertThat(schedules.documents().path("b.Alert").path("total_run_count").asLong()).isEqualTo(7);
            assertThat(scheduler.schedules()).extracting(AlertSchedule::enabled).containsExactly(false, false);
        }
    }
}
