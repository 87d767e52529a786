package vn.chibo.pulse.sink.internal;

import java.io.IOException;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;
import vn.chibo.pulse.registry.client.RegistryException;

/**
 * Tells a passing outage (wait, retry, lose nothing) from bad data (dead-letter the record, go on).
 *
 * <p>PostgreSQL: only SQLSTATE classes 22 (data exception: bad value, out of range, invalid text)
 * and 23 (integrity constraint violation) are the record's fault. Everything else is retried:
 * 08 connection, 53 insufficient resources, 57 operator intervention (shutdown, cannot connect
 * now), 40 transaction rollback, 25006 read-only transaction, and also errors an operator fixes
 * without any record being wrong (42501 missing privilege, 42P01 missing table). A sink that
 * waits visibly loses nothing; one that dead-letters during an outage would.
 */
public final class Failures {

    private Failures() {}

    /** The first SQLSTATE found on the exception, its chained "next" exceptions or its causes. */
    public static String sqlState(Throwable failure) {
        Set<Throwable> seen = new HashSet<>();
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            if (t instanceof SQLException sql) {
                // a failed JDBC batch keeps the server's error in its chain of "next" exceptions
                for (SQLException e = sql; e != null; e = e.getNextException()) {
                    if (e.getSQLState() != null) {
                        return e.getSQLState();
                    }
                    if (e.getNextException() == e) {
                        break;
                    }
                }
            }
        }
        return null;
    }

    /** True when PostgreSQL refused the row itself: SQLSTATE class 22 or 23. */
    public static boolean isDataError(SQLException failure) {
        String state = sqlState(failure);
        return state != null && (state.startsWith("22") || state.startsWith("23"));
    }

    /** True when the schema registry could not be reached or failed on its side (5xx), or I/O failed. */
    public static boolean isRegistryOutage(Throwable failure) {
        Set<Throwable> seen = new HashSet<>();
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            if (t instanceof RegistryException r && (r.isUnreachable() || r.status() >= 500)) {
                return true;
            }
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    /** A short description for health and logs: the SQLSTATE when there is one, then the message. */
    public static String describe(Throwable failure) {
        String state = sqlState(failure);
        String message = failure.getMessage();
        Throwable next = failure instanceof SQLException sql ? sql.getNextException() : null;
        if (next != null && next.getMessage() != null) {
            message = next.getMessage();
        }
        return (state == null ? failure.getClass().getSimpleName() : "SQLSTATE " + state) + ": " + message;
    }
}
