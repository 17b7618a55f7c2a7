package org.rampart.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rampart.server.run.RampartProcess;

/**
 * Two scheduler processes on one PostgreSQL database, one alert every minute. Each tick runs on exactly one node; the
 * node that ran the first tick is killed with SIGKILL, having also claimed the next tick (the claim row a node killed
 * mid-run leaves: written by the test, as no kill can be timed into a run of a few milliseconds); the surviving node
 * takes that tick over once its lease runs out, and runs it exactly once.
 */
class HaSchedulerTest {
    private static final String ALERT = "AlertGenericLoader:ha";

    @TempDir
    Path dir;

    private PostgresDatabase database;
    private final List<RampartProcess> processes = new ArrayList<>();

    @BeforeEach
    void createDatabase() throws Exception {
        database = new PostgresDatabase();
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (RampartProcess process : processes) {
            process.close();
        }
        database.close();
    }

    @Test
    void eachTickRunsOnceAndATickTheKilledLeaderHeldIsTakenOver() throws Exception {
        Path rules = Files.createDirectories(dir.resolve("rules"));
        Files.writeString(rules.resolve("ha.json"), """
                {"search_string": "summary:failed", "filters": [], "aggregation_key": "hostname", "time_window": 5,
                 "num_samples": 1, "num_aggregations": 1, "alert_category": "x", "alert_tags": [],
                 "alert_severity": "INFO", "alert_summary": "fails", "alert_url": ""}""");
        Files.writeString(dir.resolve("schedules.yml"), "alerts: {}\n");
        RampartProcess a = start("a");
        RampartProcess b = start("b");

        Claim first = await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofMillis(250))
                .until(() -> claims().stream().filter(Claim::done).findFirst().orElse(null), java.util.Objects::nonNull);
        String leader = first.node;
        RampartProcess leaderProcess = leader.startsWith("node-a") ? a : b;
        leaderProcess.kill();
        Instant next = first.tick.plusSeconds(60);
        // What the leader would leave had it died while running the next tick: a claim whose lease runs out.
        insertClaim(next, leader, Instant.now().plusSeconds(3));

        Claim second = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                .until(() -> claims().stream().filter(c -> c.tick.equals(next) && c.done).findFirst().orElse(null),
                        java.util.Objects::nonNull);
        assertThat(second.node).as("the surviving node ran it").isNotEqualTo(leader);
        assertThat(second.attempt).as("taken over from the killed leader").isEqualTo(2);
        // Each tick once: the run records every node's scheduler published (its live stream, relayed through the state).
        Thread.sleep(3_000);
        List<String> runs = runs();
        System.out.printf("ha scheduler: first tick %s by %s, second tick %s by %s (attempt %d); runs %s%n",
                first.tick, first.node, second.tick, second.node, second.attempt, runs);
        assertThat(claims()).as("one claim per tick").hasSize(2);
        assertThat(runs).as("one run per tick: the leader's, then the survivor's").containsExactly(leader, second.node);
    }

    private RampartProcess start(String node) throws Exception {
        RampartProcess process = new RampartProcess(Files.createDirectories(dir.resolve(node)), dir.resolve(node).resolve("data"))
                .set("roles", "scheduler").set("state.type", "postgresql").set("state.url", database.url())
                .set("state.user", "postgres").set("alerts.schedule_file", path(dir.resolve("schedules.yml")))
                .set("alerts.rules_dir", path(dir.resolve("rules"))).set("alerts.rules_schedule", "* * * * *")
                .set("alerts.claim_lease", "3s").set("mozdef.hostname", "node-" + node);
        processes.add(process);
        return process.start(p -> p.log().contains("alert scheduler"));
    }

    private static String path(Path path) {
        return path.toString().replace("\\", "/");
    }

    private record Claim(Instant tick, String node, int attempt, boolean done) {}

    private List<Claim> claims() throws SQLException {
        List<Claim> claims = new ArrayList<>();
        try (Connection c = connection(); PreparedStatement select = c.prepareStatement(
                "SELECT tick, node, attempt, done FROM alert_claim WHERE alert = ? ORDER BY tick")) {
            select.setString(1, ALERT);
            try (ResultSet r = select.executeQuery()) {
                while (r.next()) {
                    claims.add(new Claim(r.getObject(1, OffsetDateTime.class).toInstant(), r.getString(2), r.getInt(3),
                            r.getBoolean(4)));
                }
            }
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                return claims; // not migrated yet
            }
            throw e;
        }
        return claims;
    }

    /** The nodes that published a run of the alert, in order. */
    private List<String> runs() throws SQLException {
        List<String> nodes = new ArrayList<>();
        try (Connection c = connection(); PreparedStatement select = c.prepareStatement(
                "SELECT node, data FROM live_event WHERE type = 'schedule.run' ORDER BY id")) {
            try (ResultSet r = select.executeQuery()) {
                while (r.next()) {
                    if (r.getString(2).contains("\"" + ALERT + "\"")) {
                        nodes.add(r.getString(1));
                    }
                }
            }
        }
        return nodes;
    }

    private void insertClaim(Instant tick, String node, Instant leaseUntil) throws SQLException {
        try (Connection c = connection(); PreparedStatement insert = c.prepareStatement(
                "INSERT INTO alert_claim (alert, tick, node, attempt, lease_until, done) VALUES (?, ?, ?, 1, ?, FALSE)")) {
            insert.setString(1, ALERT);
            insert.setObject(2, PostgresState.utc(tick));
            insert.setString(3, node);
            insert.setObject(4, PostgresState.utc(leaseUntil));
            insert.executeUpdate();
        }
    }

    private Connection connection() throws SQLException {
        return DriverManager.getConnection(database.url(), "postgres", "");
    }
}
