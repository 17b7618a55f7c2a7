package org.rampart.web.state;

/**
 * A change refused because of what the state already holds (a name taken, the last admin, a stale version): the REST
 * API answers 409 with the message.
 */
public final class StateConflictException extends RuntimeException {
    public StateConflictException(String message) {
        super(message);
    }

    /** True when {@code e} is a unique-key violation (SQLSTATE 23505 on H2 and PostgreSQL alike). */
    public static boolean isUniqueViolation(java.sql.SQLException e) {
        return "23505".equals(e.getSQLState());
    }
}
