package vn.chibo.pulse.sink.internal;

import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.chibo.pulse.domain.Rejection;
import vn.chibo.pulse.domain.RejectionReason;

/**
 * Writes batches into PostgreSQL: the rows, the dead letters and the Kafka offsets after them,
 * all in one transaction. Either the whole batch is there with its offsets, or none of it is,
 * which is what lets a sink killed at any moment resume without losing or repeating an update.
 *
 * <p>Holds one connection; any failure other than bad data leaves it to the caller to
 * {@link #reset()} and retry the same batch later.
 */
public final class ReportingWriter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReportingWriter.class);

    /** What became of a batch. */
    public record Outcome(boolean fenced, List<AggregateDecoder.Decoded> deadLetters) {
        static Outcome fence() {
            return new Outcome(true, List.of());
        }
    }

    /** A dead letter recorded in PostgreSQL and not yet on the dead-letter topic. */
    public record PendingLetter(long id, String topic, int partition, long offset, String key, byte[] value,
                                String reason, String message, Timestamp rejectedAt) {}

    private final String url;
    private final Properties connectionProperties;
    private final String sinkName;
    private final Map<String, PreparedStatement> statements = new HashMap<>();
    private volatile Connection connection;

    public ReportingWriter(String url, Properties connectionProperties, String sinkName) {
        this.url = url;
        this.connectionProperties = connectionProperties;
        this.sinkName = sinkName;
    }

    /** Connection properties for the PostgreSQL JDBC driver. */
    public static Properties connectionProperties(String user, String password, int connectTimeoutMs,
                                                  int socketTimeoutMs, String applicationName) {
        Properties p = new Properties();
        if (!user.isEmpty()) {
            p.setProperty("user", user);
        }
        if (!password.isEmpty()) {
            p.setProperty("password", password);
        }
        p.setProperty("connectTimeout", String.valueOf(Math.max(1, connectTimeoutMs / 1000)));
        p.setProperty("loginTimeout", String.valueOf(Math.max(1, connectTimeoutMs / 1000)));
        p.setProperty("socketTimeout", String.valueOf(Math.max(1, socketTimeoutMs / 1000)));
        p.setProperty("tcpKeepAlive", "true");
        // lets the driver send a JDBC batch of upserts as multi-row INSERTs
        p.setProperty("reWriteBatchedInserts", "true");
        p.setProperty("ApplicationName", applicationName);
        return p;
    }

    /** The stored position of every partition this sink has written. */
    public Map<TopicPartition, Long> loadOffsets() throws SQLException {
        Connection c = connection();
        Map<TopicPartition, Long> offsets = new LinkedHashMap<>();
        try (PreparedStatement s = c.prepareStatement(PostgresDialect.LOAD_OFFSETS)) {
            s.setString(1, sinkName);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    offsets.put(new TopicPartition(rs.getString(1), rs.getInt(2)), rs.getLong(3));
                }
            }
            c.commit();
        } catch (SQLException e) {
            rollbackQuietly(c);
            throw e;
        }
        return offsets;
    }

    /**
     * Writes a batch and moves the stored offsets of its partitions from {@code stored} (what this
     * sink last wrote, absent for none) to the batch's next offsets. If another writer moved them
     * meanwhile, nothing is written and the outcome is fenced: reload the offsets and seek.
     */
    public Outcome write(Batch batch, Map<TopicPartition, Long> stored) throws SQLException {
        Connection c = connection();
        try {
            applyCollapsed(c, batch.collapsed());
            return finish(c, batch, batch.undecodable(), stored);
        } catch (SQLException e) {
            rollbackQuietly(c);
            if (!Failures.isDataError(e)) {
                throw e;
            }
            log.info("PostgreSQL refused a row of a batch of {} ({}); writing its records one by one",
                    batch.size(), Failures.describe(e));
        }
        // Some row is bad data. Apply the records one at a time, in the order consumed, each under
        // a savepoint: exactly the refused ones become dead letters, and the result is the same as
        // if every record had been its own batch.
        try {
            List<AggregateDecoder.Decoded> letters = new ArrayList<>();
            for (AggregateDecoder.Decoded entry : batch.entries()) {
                if (entry.change() == null) {
                    letters.add(entry);
                    continue;
                }
                Savepoint savepoint = c.setSavepoint();
                try {
                    try (PreparedStatement s = c.prepareStatement(PostgresDialect.sql(entry.change()))) {
                        PostgresDialect.bind(s, entry.change());
                        s.executeUpdate();
                    }
                    c.releaseSavepoint(savepoint);
                } catch (SQLException refused) {
                    if (!Failures.isDataError(refused)) {
                        throw refused;
                    }
                    c.rollback(savepoint);
                    letters.add(Batch.refused(entry,
                            Rejection.of(RejectionReason.REFUSED_BY_DATABASE, Failures.describe(refused))));
                }
            }
            return finish(c, batch, letters, stored);
        } catch (SQLException e) {
            rollbackQuietly(c);
            throw e;
        }
    }

    private Outcome finish(Connection c, Batch batch, List<AggregateDecoder.Decoded> letters,
                           Map<TopicPartition, Long> stored) throws SQLException {
        insertDeadLetters(c, letters);
        if (!advanceOffsets(c, batch.nextOffsets(), stored)) {
            rollbackQuietly(c);
            return Outcome.fence();
        }
        c.commit();
        return new Outcome(false, letters);
    }

    private void applyCollapsed(Connection c, Collection<Change> changes) throws SQLException {
        Map<String, List<Change>> bySql = new LinkedHashMap<>();
        for (Change change : changes) {
            bySql.computeIfAbsent(PostgresDialect.sql(change), k -> new ArrayList<>()).add(change);
        }
        for (Map.Entry<String, List<Change>> group : bySql.entrySet()) {
            PreparedStatement s = statement(c, group.getKey());
            s.clearBatch();
            for (Change change : group.getValue()) {
                PostgresDialect.bind(s, change);
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    private void insertDeadLetters(Connection c, List<AggregateDecoder.Decoded> letters) throws SQLException {
        if (letters.isEmpty()) {
            return;
        }
        List<AggregateDecoder.Decoded> ordered = new ArrayList<>(letters);
        ordered.sort(Comparator.comparing((AggregateDecoder.Decoded d) -> d.source().topic())
                .thenComparingInt(d -> d.source().partition())
                .thenComparingLong(d -> d.source().offset()));
        PreparedStatement s = statement(c, PostgresDialect.INSERT_DEAD_LETTER);
        s.clearBatch();
        for (AggregateDecoder.Decoded letter : ordered) {
            s.setString(1, sinkName);
            s.setString(2, letter.source().topic());
            s.setInt(3, letter.source().partition());
            s.setLong(4, letter.source().offset());
            s.setString(5, letter.source().key() == null ? null
                    : textSafe(new String(letter.source().key(), StandardCharsets.UTF_8)));
            s.setBytes(6, letter.source().value());
            s.setString(7, letter.rejection().reason().name());
            s.setString(8, textSafe(letter.rejection().message()));
            s.addBatch();
        }
        s.executeBatch();
    }

    private boolean advanceOffsets(Connection c, Map<TopicPartition, Long> next, Map<TopicPartition, Long> stored)
            throws SQLException {
        for (Map.Entry<TopicPartition, Long> e : next.entrySet()) {
            TopicPartition tp = e.getKey();
            Long before = stored.get(tp);
            int changed;
            if (before == null) {
                PreparedStatement s = statement(c, PostgresDialect.INSERT_OFFSET);
                s.setString(1, sinkName);
                s.setString(2, tp.topic());
                s.setInt(3, tp.partition());
                s.setLong(4, e.getValue());
                changed = s.executeUpdate();
            } else {
                PreparedStatement s = statement(c, PostgresDialect.ADVANCE_OFFSET);
                s.setLong(1, e.getValue());
                s.setString(2, sinkName);
                s.setString(3, tp.topic());
                s.setInt(4, tp.partition());
                s.setLong(5, before);
                changed = s.executeUpdate();
            }
            if (changed != 1) {
                log.warn("offset of {} was moved by another writer (expected {}); not writing this batch", tp, before);
                return false;
            }
        }
        return true;
    }

    /**
     * Dead letters still to publish, oldest first, locked for this sink until {@link #markPublished}
     * or {@link #releasePending()}: sinks of one name publishing at once each take other letters.
     */
    public List<PendingLetter> pendingDeadLetters(int limit) throws SQLException {
        Connection c = connection();
        List<PendingLetter> letters = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(PostgresDialect.PENDING_DEAD_LETTERS)) {
            s.setString(1, sinkName);
            s.setInt(2, limit);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    letters.add(new PendingLetter(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getLong(4),
                            rs.getString(5), rs.getBytes(6), rs.getString(7), rs.getString(8), rs.getTimestamp(9)));
                }
            }
            if (letters.isEmpty()) {
                c.commit();
            }
        } catch (SQLException e) {
            rollbackQuietly(c);
            throw e;
        }
        return letters;
    }

    /** Marks letters sent and lets go of the lock {@link #pendingDeadLetters} took. */
    public void markPublished(List<Long> ids) throws SQLException {
        Connection c = connection();
        try (PreparedStatement s = c.prepareStatement(PostgresDialect.MARK_PUBLISHED)) {
            Array array = c.createArrayOf("bigint", ids.toArray());
            s.setArray(1, array);
            s.executeUpdate();
            c.commit();
        } catch (SQLException e) {
            rollbackQuietly(c);
            throw e;
        }
    }

    /** Lets go of letters taken by {@link #pendingDeadLetters} and not sent: they stay pending. */
    public void releasePending() {
        Connection c = connection;
        if (c != null) {
            rollbackQuietly(c);
        }
    }

    /** Whether PostgreSQL answers; connects if need be. */
    public void ping(int timeoutSeconds) throws SQLException {
        Connection c = connection();
        if (!c.isValid(timeoutSeconds)) {
            throw new SQLException("PostgreSQL did not answer within " + timeoutSeconds + " s", "08006");
        }
    }

    /** Drops the connection (after a failure); the next call opens a new one. */
    public void reset() {
        statements.clear();
        Connection c = connection;
        connection = null;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                log.debug("closing a broken connection", e);
            }
        }
    }

    /** Cuts the connection from another thread, e.g. to stop a statement blocked on a dead server. */
    public void abort() {
        Connection c = connection;
        if (c != null) {
            try {
                Executor direct = Runnable::run;
                c.abort(direct);
            } catch (SQLException e) {
                log.debug("aborting the connection", e);
            }
        }
    }

    @Override
    public void close() {
        reset();
    }

    private Connection connection() throws SQLException {
        Connection c = connection;
        if (c == null) {
            c = DriverManager.getConnection(url, connectionProperties);
            c.setAutoCommit(false);
            connection = c;
        }
        return c;
    }

    private PreparedStatement statement(Connection c, String sql) throws SQLException {
        PreparedStatement s = statements.get(sql);
        if (s == null) {
            s = c.prepareStatement(sql);
            statements.put(sql, s);
        }
        return s;
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            log.debug("rollback failed", e);
        }
    }

    // PostgreSQL text cannot hold NUL; a dead letter must never fail to be written
    private static String textSafe(String s) {
        return s == null ? null : s.replace('\u0000', '\uFFFD');
    }
}
