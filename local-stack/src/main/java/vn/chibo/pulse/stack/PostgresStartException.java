package vn.chibo.pulse.stack;

/** PostgreSQL could not be started or reached; the message is one line fit for a person to read. */
public class PostgresStartException extends RuntimeException {
    public PostgresStartException(String message) {
        super(message);
    }

    public PostgresStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
