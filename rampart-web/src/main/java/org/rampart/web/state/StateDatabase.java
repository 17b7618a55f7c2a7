package org.rampart.web.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import javax.sql.ConnectionPoolDataSource;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.api.ErrorCode;
import org.h2.jdbcx.JdbcConnectionPool;
import org.rampart.event.datadir.PrivateFiles;

/**
 * Rampart's state in SQL (accounts, sessions, audit, triage chains, ...): embedded H2 in a file by default, one schema
 * migrated by Flyway at start. The migrations are plain SQL that PostgreSQL runs unchanged.
 */
public final class StateDatabase implements AutoCloseable {
    private final DataSource dataSource;
    private final Runnable onClose;

    private StateDatabase(DataSource dataSource, Runnable onClose) {
        this.dataSource = dataSource;
        this.onClose = onClose;
    }

    /**
     * Opens (and migrates) the embedded database in {@code dir}. H2 locks the file: a second process (the CLI while the
     * server runs) gets an {@link IllegalStateException} that says so.
     */
    public static StateDatabase openEmbedded(Path dir) {
        try {
            // 0700 before H2 creates it with the umask's mode: accounts, sessions and incidents are in there.
            PrivateFiles.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the state database folder " + dir.toAbsolutePath(), e);
        }
        String url = "jdbc:h2:file:" + dir.toAbsolutePath().resolve("state") + ";DB_CLOSE_ON_EXIT=FALSE";
        JdbcConnectionPool pool = JdbcConnectionPool.create(url, "rampart", "");
        try {
            migrate(pool);
        } catch (RuntimeException e) {
            pool.dispose();
            if (isLocked(e)) {
                throw new IllegalStateException("the state database in " + dir.toAbsolutePath()
                        + " is in use by another process (a running Rampart server?); stop it and try again", e);
            }
            throw e;
        }
        return new StateDatabase(pool, pool::dispose);
    }

    /** Migrates and uses a database the caller owns (and closes), e.g. PostgreSQL in cluster mode. */
    public static StateDatabase open(DataSource dataSource) {
        migrate(dataSource);
        return new StateDatabase(dataSource, () -> {});
    }

    /**
     * Opens (and migrates) a server database, e.g. PostgreSQL ({@code state.type: postgresql}), through a pool of at most
     * {@code maxConnections} connections that {@link #close()} disposes. Several nodes may open the same database: Flyway
     * migrates it once, under its lock.
     */
    public static StateDatabase openPooled(ConnectionPoolDataSource source, int maxConnections) {
        JdbcConnectionPool pool = JdbcConnectionPool.create(source);
        pool.setMaxConnections(maxConnections);
        try {
            migrate(pool);
        } catch (RuntimeException e) {
            pool.dispose();
            throw e;
        }
        return new StateDatabase(pool, pool::dispose);
    }

    private static void migrate(DataSource dataSource) {
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
    }

    private static boolean isLocked(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getErrorCode() == ErrorCode.DATABASE_ALREADY_OPEN_1) {
                return true;
            }
        }
        return false;
    }

    /**
     * True when {@code e} (or a cause) says the database is out of reach, not that a statement is wrong: a lost or refused
     * connection (SQLSTATE class 08) or a server shutting down or starting up (57P01-57P03), as while PostgreSQL restarts.
     * The pool opens new connections by itself once the server is back, so the request may simply be retried.
     */
    public static boolean isUnreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
                    || t instanceof SQLRecoverableException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().matches("57P0[123]"))) {
                return true;
            }
        }
        return false;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public Connection connection() throws SQLException {
        return dataSource.getConnection();
    }

    /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
    public <T> T inTransaction(Transaction<T> work) throws SQLException {
        try (Connection c = connection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    /** Runs one statement with {@code values} bound in order; returns the rows it changed. */
    public static int update(Connection c, String sql, Object... values) throws SQLException {
        try (var s = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                s.setObject(i + 1, values[i]);
            }
            return s.executeUpdate();
        }
    }

    /** Work done on one connection inside a transaction. */
    @FunctionalInterface
    public interface Transaction<T> {
        T run(Connection connection) throws SQLException;
    }

    @Override
    public void close() {
        onClose.run();
    }
}
