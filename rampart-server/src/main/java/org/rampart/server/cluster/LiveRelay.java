package org.rampart.server.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.rampart.event.Json;
import org.rampart.web.live.LiveEvents;
import org.rampart.web.state.StateDatabase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live stream across the nodes of a cluster, through PostgreSQL: each event a node publishes is written to {@code
 * live_event} and announced with {@code NOTIFY rampart_live, '<id>'} in the same transaction (a NOTIFY payload is
 * bounded, the row is not); every node LISTENs on a connection of its own and delivers the other nodes' events to its
 * own subscribers. A node that loses its listening connection reconnects and catches up from the last id it saw
 * (rows are kept {@link #KEEP}), so a short outage delays events; an event committed during the outage with an id
 * below one already seen is the one that can be missed, and a subscriber re-reads what it needs after a reconnect.
 */
public final class LiveRelay implements LiveEvents.Relay, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LiveRelay.class);
    private static final String CHANNEL = "rampart_live";
    private static final Duration KEEP = Duration.ofMinutes(10);
    private static final Duration POLL = Duration.ofSeconds(1);

    private final StateDatabase state;
    private final PostgresState postgres;
    private final LiveEvents live;
    private final String node;
    private final Clock clock;
    private final Thread listener;
    private volatile boolean closed;
    private long lastSeen;

    private LiveRelay(StateDatabase state, PostgresState postgres, LiveEvents live, String node, Clock clock) {
        this.state = state;
        this.postgres = postgres;
        this.live = live;
        this.node = node;
        this.clock = clock;
        this.listener = Thread.ofPlatform().name("rampart-live-listener").daemon().unstarted(this::listen);
    }

    /** Relays {@code live}'s events to the other nodes and theirs to it, as node {@code node}. */
    public static LiveRelay start(StateDatabase state, PostgresState postgres, LiveEvents live, String node, Clock clock)
            throws SQLException {
        LiveRelay relay = new LiveRelay(state, postgres, live, node, clock);
        try (Connection c = state.connection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT COALESCE(MAX(id), 0) FROM live_event")) {
            r.next();
            relay.lastSeen = r.getLong(1);
        }
        live.relayTo(relay);
        relay.listener.start();
        return relay;
    }

    @Override
    public void send(String type, ObjectNode data) {
        try {
            state.inTransaction(c -> {
                long id;
                try (PreparedStatement insert = c.prepareStatement(
                        "INSERT INTO live_event (node, type, data, published) VALUES (?, ?, ?, ?)", new String[] {"id"})) {
                    insert.setString(1, node);
                    insert.setString(2, type);
                    insert.setString(3, data.toString());
                    insert.setObject(4, PostgresState.utc(clock.instant()));
                    insert.executeUpdate();
                    try (ResultSet keys = insert.getGeneratedKeys()) {
                        keys.next();
                        id = keys.getLong(1);
                    }
                }
                try (PreparedStatement notify = c.prepareStatement("SELECT pg_notify(?, ?)")) {
                    notify.setString(1, CHANNEL);
                    notify.setString(2, Long.toString(id));
                    notify.execute();
                }
                return null;
            });
        } catch (SQLException | RuntimeException e) {
            LOG.warn("a {} live event was not passed to the other nodes", type, e);
        }
    }

    private void listen() {
        long nextCleanup = 0;
        while (!closed) {
            try (Connection c = postgres.dedicatedConnection()) {
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + CHANNEL);
                }
                deliverAfter(c, lastSeen); // what arrived while not listening
                PGConnection pg = c.unwrap(PGConnection.class);
                while (!closed) {
                    PGNotification[] notifications = pg.getNotifications((int) POLL.toMillis());
                    // In commit order, each naming its row: ids are not committed in id order across nodes.
                    for (PGNotification notification : notifications == null ? new PGNotification[0] : notifications) {
                        deliver(c, Long.parseLong(notification.getParameter()));
                    }
                    if (System.nanoTime() - nextCleanup > 0) {
                        nextCleanup = System.nanoTime() + Duration.ofMinutes(1).toNanos();
                        deleteOld(c);
                    }
                }
            } catch (SQLException | IOException | RuntimeException e) {
                if (closed) {
                    return;
                }
                LOG.warn("the live stream's listener lost its connection to {}; reconnecting", postgres.describe(), e);
                try {
                    Thread.sleep(POLL.toMillis());
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    /** Catching up after (re)connecting: the other nodes' events after {@code id}, in order. */
    private void deliverAfter(Connection c, long id) throws SQLException, IOException {
        try (PreparedStatement select = c.prepareStatement(
                "SELECT id, node, type, data FROM live_event WHERE id > ? ORDER BY id")) {
            select.setLong(1, id);
            deliverRows(select);
        }
    }

    private void deliver(Connection c, long id) throws SQLException, IOException {
        try (PreparedStatement select = c.prepareStatement("SELECT id, node, type, data FROM live_event WHERE id = ?")) {
            select.setLong(1, id);
            deliverRows(select);
        }
    }

    private void deliverRows(PreparedStatement select) throws SQLException, IOException {
        try (ResultSet r = select.executeQuery()) {
            while (r.next()) {
                lastSeen = Math.max(lastSeen, r.getLong(1));
                if (node.equals(r.getString(2))) {
                    continue;
                }
                JsonNode data = Json.MAPPER.readTree(r.getString(4));
                if (data instanceof ObjectNode object) {
                    live.deliver(r.getString(3), object);
                }
            }
        }
    }

    private void deleteOld(Connection c) throws SQLException {
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM live_event WHERE published < ?")) {
            delete.setObject(1, PostgresState.utc(clock.instant().minus(KEEP)));
            delete.executeUpdate();
        }
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        listener.join(POLL.multipliedBy(3).toMillis());
    }
}
