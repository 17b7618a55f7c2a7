package org.rampart.server.cluster;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import org.postgresql.PGProperty;
import org.postgresql.ds.PGConnectionPoolDataSource;
import org.rampart.event.config.RampartConfig;
import org.rampart.web.state.StateDatabase;

/**
 * {@code state.type: postgresql}: the state every node of a cluster shares ({@code state.url}, {@code state.user},
 * {@code state.password}), migrated by the same Flyway migrations as the embedded H2.
 */
public final class PostgresState {
    private final PGConnectionPoolDataSource source;

    private PostgresState(PGConnectionPoolDataSource source) {
        this.source = source;
    }

    /** The connection settings, or null when {@code state.type} is {@code h2} (the embedded database). */
    public static PostgresState of(RampartConfig config) {
        String type = config.string("state.type").strip().toLowerCase(Locale.ROOT);
        switch (type) {
            case "h2" -> {
                return null;
            }
            case "postgresql" -> {
                String url = config.string("state.url").strip();
                if (!url.startsWith("jdbc:postgresql:")) {
                    throw new IllegalArgumentException("state.url: expected a PostgreSQL JDBC URL "
                            + "(jdbc:postgresql://host:5432/database), got \"" + url + "\"");
                }
                PGConnectionPoolDataSource source = new PGConnectionPoolDataSource();
                source.setURL(url);
                source.setUser(config.string("state.user"));
                source.setPassword(config.string("state.password"));
                source.setApplicationName("rampart");
                source.setProperty(PGProperty.CONNECT_TIMEOUT, "10");
                return new PostgresState(source);
            }
            default -> throw new IllegalArgumentException("state.type: unknown \"" + type + "\"; one of h2, postgresql");
        }
    }

    /** Opens and migrates the shared database. */
    public StateDatabase open(int maxConnections) {
        return StateDatabase.openPooled(source, maxConnections);
    }

    /** A connection of its own, outside the pool: the live stream's listener holds one for as long as it runs. */
    Connection dedicatedConnection() throws SQLException {
        return source.getConnection();
    }

    /** Where, for log lines (no credentials). */
    public String describe() {
        return "PostgreSQL " + source.getURL();
    }

    /** Timestamps go to SQL as UTC offsets, as everywhere in the state (H2 and PostgreSQL read them alike). */
    static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
