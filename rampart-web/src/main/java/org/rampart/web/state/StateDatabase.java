package org.rampart.web.state;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * Rampart's state in SQL (incidents, triage chains, schedules, ...): embedded H2 in a file by default, one schema
 * migrated by Flyway at start.
 */
public final class StateDatabase implements AutoCloseable {
    private final JdbcConnectionPool pool;

    private StateDatabase(JdbcConnectionPool pool) {
        this.pool = pool;
    }

    /** Opens (and migrates) the embedded database in {@code dir}. */
    public static StateDatabase openEmbedded(Path dir) {
        String url = "jdbc:h2:file:" + dir.toAbsolutePath().resolve("state") + ";DB_CLOSE_ON_EXIT=FALSE";
        JdbcConnectionPool pool = JdbcConnectionPool.create(url, "rampart", "");
        Flyway.configure().dataSource(pool).locations("classpath:db/migration").load().migrate();
        return new StateDatabase(pool);
    }

    public DataSource dataSource() {
        return pool;
    }

    public Connection connection() throws SQLException {
        return pool.getConnection();
    }

    @Override
    public void close() {
        pool.dispose();
    }
}
