package org.rampart.server.cluster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.rampart.alerts.schedule.TickClaims;
import org.rampart.web.state.StateDatabase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alert ticks shared by the schedulers of a cluster, in the state database's {@code alert_claim} table: the node whose
 * INSERT of (alert, tick) comes first runs it (the primary key refuses the others), renews its lease while the run lasts
 * and marks the row done. A row not done whose lease ran out belongs to a node that died mid-run: another node takes
 * it over with an UPDATE that checks the attempt it read (a fencing number), so two nodes never both take it over.
 *
 * <p>The one way a tick runs twice: a node alive but frozen longer than the lease (a stop-the-world pause, a network
 * partition from the database) loses its claim to another node and then finishes its run anyway; it logs that.
 */
public final class SharedTickClaims implements TickClaims, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SharedTickClaims.class);
    private static final String UNIQUE_VIOLATION = "23505";
    /** Abandoned ticks older than this are not taken over: the next ticks have covered their window. */
    private static final Duration TAKE_OVER_WINDOW = Duration.ofHours(1);
    private static final Duration KEEP_DONE = Duration.ofDays(1);

    private final StateDatabase state;
    private final String node;
    private final Duration lease;
    private final Clock clock;
    private final Set<Held> held = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService renewer;
    private long nextCleanup;

    private record Held(String alert, Instant due, int attempt) {}

    /**
     * @param node  this node's name, unique in the cluster
     * @param lease how long a claim holds without renewal ({@code alerts.claim_lease}); renewed every third of it
     */
    public SharedTickClaims(StateDatabase state, String node, Duration lease, Clock clock) {
        if (lease.compareTo(Duration.ofSeconds(3)) < 0) {
            throw new IllegalArgumentException("alerts.claim_lease must be at least 3s: " + lease);
        }
        this.state = state;
        this.node = node;
        this.lease = lease;
        this.clock = clock;
        this.renewer = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("rampart-claim-lease")
                .daemon().unstarted(r));
        long third = lease.toMillis() / 3;
        renewer.scheduleWithFixedDelay(this::renew, third, third, TimeUnit.MILLISECONDS);
    }

    @Override
    public Optional<Claim> claim(String alert, Instant due) {
        try (Connection c = state.connection(); PreparedStatement insert = c.prepareStatement(
                "INSERT INTO alert_claim (alert, tick, node, attempt, lease_until, done) VALUES (?, ?, ?, 1, ?, FALSE)")) {
            insert.setString(1, alert);
            insert.setObject(2, PostgresState.utc(due));
            insert.setString(3, node);
            insert.setObject(4, PostgresState.utc(clock.instant().plus(lease)));
            insert.executeUpdate();
            return Optional.of(hold(new Held(alert, due, 1)));
        } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                return Optional.empty();
            }
            throw new IllegalStateException("cannot claim the tick of " + due + " of alert " + alert + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<Claim> takeOver(Set<String> alerts) {
        Instant now = clock.instant();
        List<Claim> taken = new ArrayList<>();
        try (Connection c = state.connection()) {
            cleanUp(c, now);
            List<Held> abandoned = new ArrayList<>();
            try (PreparedStatement select = c.prepareStatement("SELECT alert, tick, attempt FROM alert_claim "
                    + "WHERE done = FALSE AND lease_until < ? AND tick > ? AND tick <= ?")) {
                select.setObject(1, PostgresState.utc(now));
                select.setObject(2, PostgresState.utc(now.minus(TAKE_OVER_WINDOW)));
                select.setObject(3, PostgresState.utc(now));
                try (ResultSet r = select.executeQuery()) {
                    while (r.next()) {
                        if (alerts.contains(r.getString(1))) {
                            abandoned.add(new Held(r.getString(1), r.getObject(2, OffsetDateTime.class).toInstant(), r.getInt(3)));
                        }
                    }
                }
            }
            for (Held old : abandoned) {
                try (PreparedStatement update = c.prepareStatement("UPDATE alert_claim SET node = ?, attempt = ?, "
                        + "lease_until = ? WHERE alert = ? AND tick = ? AND attempt = ? AND done = FALSE AND lease_until < ?")) {
                    update.setString(1, node);
                    update.setInt(2, old.attempt + 1);
                    update.setObject(3, PostgresState.utc(now.plus(lease)));
                    update.setString(4, old.alert);
                    update.setObject(5, PostgresState.utc(old.due));
                    update.setInt(6, old.attempt);
                    update.setObject(7, PostgresState.utc(now));
                    if (update.executeUpdate() == 1) {
                        taken.add(hold(new Held(old.alert, old.due, old.attempt + 1)));
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot look for abandoned alert ticks: " + e.getMessage(), e);
        }
        return taken;
    }

    private Claim hold(Held claim) {
        held.add(claim);
        return new Claim() {
            @Override
            public String alert() {
                return claim.alert;
            }

            @Override
            public Instant due() {
                return claim.due;
            }

            @Override
            public void finished() {
                held.remove(claim);
                try {
                    if (update(claim, "done = TRUE") == 0) {
                        LOG.warn("alert {}: another node took over its tick of {} while this node ran it: it may have run "
                                + "twice (this node was frozen longer than alerts.claim_lease {})", claim.alert, claim.due, lease);
                    }
                } catch (SQLException e) {
                    throw new IllegalStateException("cannot mark the tick of " + claim.due + " of alert " + claim.alert
                            + " done: " + e.getMessage(), e);
                }
            }
        };
    }

    /** Extends the lease of every tick this node is running. */
    private void renew() {
        for (Held claim : held) {
            try {
                if (update(claim, "lease_until = ?") == 0) {
                    LOG.warn("alert {}: lost its claim of the tick of {} to another node", claim.alert, claim.due);
                    held.remove(claim);
                }
            } catch (SQLException | RuntimeException e) {
                LOG.warn("alert {}: cannot renew the lease of its tick of {}; retrying", claim.alert, claim.due, e);
            }
        }
    }

    /** Sets {@code assignment} (with at most one parameter, the new lease end) on the row, if it is still ours. */
    private int update(Held claim, String assignment) throws SQLException {
        try (Connection c = state.connection(); PreparedStatement update = c.prepareStatement("UPDATE alert_claim SET "
                + assignment + " WHERE alert = ? AND tick = ? AND node = ? AND attempt = ? AND done = FALSE")) {
            int i = 1;
            if (assignment.contains("?")) {
                update.setObject(i++, PostgresState.utc(clock.instant().plus(lease)));
            }
            update.setString(i++, claim.alert);
            update.setObject(i++, PostgresState.utc(claim.due));
            update.setString(i++, node);
            update.setInt(i, claim.attempt);
            return update.executeUpdate();
        }
    }

    /** Now and then, deletes the rows of long-past ticks. */
    private void cleanUp(Connection c, Instant now) throws SQLException {
        if (now.toEpochMilli() < nextCleanup) {
            return;
        }
        nextCleanup = now.plus(Duration.ofHours(1)).toEpochMilli();
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM alert_claim WHERE tick < ?")) {
            delete.setObject(1, PostgresState.utc(now.minus(KEEP_DONE)));
            delete.executeUpdate();
        }
    }

    @Override
    public void close() {
        renewer.shutdownNow();
    }

}
