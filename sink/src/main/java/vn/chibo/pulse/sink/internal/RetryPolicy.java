package vn.chibo.pulse.sink.internal;

import java.sql.SQLException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.api.FlywayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sink's one way of retrying: a failure of PostgreSQL (its connection then dropped), of Flyway
 * or of the registry is reported in the health, logged, and the same work tried again after a capped,
 * jittered exponential backoff ({@link Backoff}), until it succeeds or the sink closes. Any other
 * exception is not retried: it is a bug or bad configuration, and goes up.
 */
public final class RetryPolicy {

    private static final Logger log = LoggerFactory.getLogger(RetryPolicy.class);

    /** One attempt at some work; throws what may be retried. */
    @FunctionalInterface
    public interface Attempt<T> {
        T run() throws SQLException, TransientFailure;
    }

    private final long minMs;
    private final long maxMs;
    private final ReportingWriter writer;
    private final HealthState health;
    private final CountDownLatch closing;

    public RetryPolicy(long minMs, long maxMs, ReportingWriter writer, HealthState health, CountDownLatch closing) {
        this.minMs = minMs;
        this.maxMs = maxMs;
        this.writer = writer;
        this.health = health;
        this.closing = closing;
    }

    /** A fresh backoff with this policy's bounds, for work retried across loop turns. */
    public Backoff backoff() {
        return new Backoff(minMs, maxMs);
    }

    /**
     * Runs {@code attempt} until it succeeds; returns its result, or null if the sink closed first.
     * {@code what} says what failed in the health and the log ("PostgreSQL write failed").
     */
    public <T> T untilDone(String what, Attempt<T> attempt) {
        Backoff backoff = backoff();
        while (!closing()) {
            try {
                return attempt.run();
            } catch (SQLException | FlywayException | TransientFailure e) {
                String problem = failed(what, e);
                long delay = backoff.nextDelayMs();
                log.warn("{} (retrying in {} ms)", problem, delay);
                pause(delay);
            }
        }
        return null;
    }

    /**
     * Reports a failure of {@code what} in the health (dropping the PostgreSQL connection if it was
     * PostgreSQL's) and returns its description, for work the caller retries on a later turn.
     */
    public String failed(String what, Exception e) {
        if (e instanceof SQLException || e instanceof FlywayException) {
            writer.reset();
        }
        // a TransientFailure's message already says what failed
        String problem = e instanceof TransientFailure ? e.getMessage() : what + ": " + Failures.describe(e);
        health.retrying(problem);
        return problem;
    }

    public boolean closing() {
        return closing.getCount() == 0;
    }

    /** Waits, waking at once when the sink closes. */
    public void pause(long millis) {
        try {
            closing.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closing.countDown();
        }
    }
}
