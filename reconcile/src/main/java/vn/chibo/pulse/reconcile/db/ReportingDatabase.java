package vn.chibo.pulse.reconcile.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.function.Function;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.common.TopicPartition;

import vn.chibo.pulse.reconcile.relations.Relation;
import vn.chibo.pulse.reconcile.relations.RelationComparison;
import vn.chibo.pulse.reconcile.relations.RelationShape;

/** The analysts' database as reconcile reads it: the relations of SPEC §4 and the sink's stored offsets. */
public final class ReportingDatabase implements AutoCloseable {

    private final Connection connection;

    private ReportingDatabase(Connection connection) {
        this.connection = connection;
    }

    /** @param user, password may be null (then taken from the URL, or none) */
    public static ReportingDatabase connect(String url, String user, String password) throws SQLException {
        Properties p = new Properties();
        if (user != null && !user.isBlank()) {
            p.setProperty("user", user);
        }
        if (password != null && !password.isEmpty()) {
            p.setProperty("password", password);
        }
        p.setProperty("ApplicationName", "pulse-reconcile");
        p.setProperty("connectTimeout", "10");
        String jdbc = url.startsWith("postgresql://") ? "jdbc:" + url : url;
        return new ReportingDatabase(DriverManager.getConnection(jdbc, p));
    }

    public Connection connection() {
        return connection;
    }

    /** The next offsets the sink {@code sinkName} stored with its rows (pulse_sink.kafka_offsets). */
    public Map<TopicPartition, Long> sinkOffsets(String sinkName) {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        try (PreparedStatement s = connection.prepareStatement(
                "SELECT topic, partition, next_offset FROM pulse_sink.kafka_offsets WHERE sink_name = ?")) {
            s.setString(1, sinkName);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    offsets.put(new TopicPartition(rs.getString(1), rs.getInt(2)), rs.getLong(3));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read pulse_sink.kafka_offsets: " + e.getMessage(), e);
        }
        return offsets;
    }

    /**
     * Every relation of {@code shapes}, read in one snapshot (one repeatable-read transaction) and
     * compared with {@code expected} one relation at a time, so that only one relation of each side is
     * held at once (a national branch_monthly has 700,000 rows).
     */
    public List<RelationComparison.Result> compare(List<RelationShape> shapes, Function<RelationShape, Relation> expected,
            int keep) throws SQLException {
        List<RelationComparison.Result> results = new ArrayList<>();
        connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        connection.setAutoCommit(false);
        connection.setReadOnly(true);
        try {
            for (RelationShape shape : shapes) {
                results.add(RelationComparison.compare(expected.apply(shape), read(shape), keep));
            }
            connection.commit();
        } finally {
            connection.rollback();
            connection.setReadOnly(false);
            connection.setAutoCommit(true);
        }
        return results;
    }

    private Relation read(RelationShape shape) throws SQLException {
        List<String> columns = new ArrayList<>(shape.keyColumns());
        columns.addAll(shape.valueColumns());
        Relation relation = new Relation(shape);
        int keys = shape.keyColumns().size();
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT " + String.join(", ", columns) + " FROM reporting." + shape.name())) {
            while (rs.next()) {
                List<String> key = new ArrayList<>(keys);
                for (int i = 1; i <= keys; i++) {
                    key.add(rs.getString(i));
                }
                List<Object> values = new ArrayList<>(shape.valueColumns().size());
                for (int i = keys + 1; i <= columns.size(); i++) {
                    values.add(shape.counts() ? (Object) rs.getLong(i) : rs.getString(i));
                }
                relation.put(key, values);
            }
        }
        return relation;
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
