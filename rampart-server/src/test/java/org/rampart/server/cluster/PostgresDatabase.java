package org.rampart.server.cluster;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * A throwaway database on the PostgreSQL at 127.0.0.1:5432 (trust authentication, user postgres; {@code
 * -Drampart.test.postgres} names another server by a JDBC URL ending in '/'), dropped on close.
 */
final class PostgresDatabase implements AutoCloseable {
    private static final String SERVER = System.getProperty("rampart.test.postgres", "jdbc:postgresql://127.0.0.1:5432/");

    final String name = "rampart_test_" + UUID.randomUUID().toString().replace("-", "").toLowerCase(Locale.ROOT);

    PostgresDatabase() throws SQLException {
        execute("CREATE DATABASE " + name);
    }

    String url() {
        return SERVER + name;
    }

    private static void execute(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(SERVER + "postgres", "postgres", "");
             Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @Override
    public void close() throws SQLException {
        execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }
}
