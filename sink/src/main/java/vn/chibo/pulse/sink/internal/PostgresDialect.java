package vn.chibo.pulse.sink.internal;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Every statement the sink sends to PostgreSQL, in one place. The writes to reporting are
 * upserts built from a {@link Relation}'s columns:
 *
 * <pre>
 * INSERT INTO reporting.district_current AS t (district_code, members_active, ..., updated_at)
 * VALUES (?, ?, ..., now())
 * ON CONFLICT (district_code) DO UPDATE SET members_active = EXCLUDED.members_active, ...,
 *                                           updated_at = EXCLUDED.updated_at
 * WHERE ROW(t.members_active, ...) IS DISTINCT FROM ROW(EXCLUDED.members_active, ...)
 * </pre>
 *
 * The WHERE clause makes a replay of the same values a no-op, so {@code updated_at} means "when
 * the row last changed", not "when the sink last passed by". {@code now()} is the start of the
 * sink's transaction: all rows of one batch share it.
 */
public final class PostgresDialect {

    public static final String LOAD_OFFSETS =
            "SELECT topic, partition, next_offset FROM pulse_sink.kafka_offsets WHERE sink_name = ?";

    /** First position of a partition; affects no row if another writer stored one meanwhile. */
    public static final String INSERT_OFFSET =
            "INSERT INTO pulse_sink.kafka_offsets (sink_name, topic, partition, next_offset, updated_at) "
                    + "VALUES (?, ?, ?, ?, now()) ON CONFLICT (sink_name, topic, partition) DO NOTHING";

    /**
     * Moves a position on only from the value this sink last saw: a fence against a sink that wrote a
     * partition after it went to another sink of the name (a zombie, or one slow to see a rebalance).
     */
    public static final String ADVANCE_OFFSET =
            "UPDATE pulse_sink.kafka_offsets SET next_offset = ?, updated_at = now() "
                    + "WHERE sink_name = ? AND topic = ? AND partition = ? AND next_offset = ?";

    /** A record seen again after a crash is already there: keep the first letter. */
    public static final String INSERT_DEAD_LETTER =
            "INSERT INTO pulse_sink.dead_letters (sink_name, source_topic, source_partition, source_offset, "
                    + "record_key, record_value, reason, message) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                    + "ON CONFLICT (sink_name, source_topic, source_partition, source_offset) DO NOTHING";

    public static final String PENDING_DEAD_LETTERS =
            "SELECT id, source_topic, source_partition, source_offset, record_key, record_value, reason, message, "
                    + "rejected_at FROM pulse_sink.dead_letters WHERE sink_name = ? AND published_at IS NULL "
                    + "ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED";

    public static final String MARK_PUBLISHED =
            "UPDATE pulse_sink.dead_letters SET published_at = now() WHERE id = ANY (?)";

    private PostgresDialect() {}

    public static String upsert(Relation relation) {
        List<String> columns = new ArrayList<>(relation.keyColumns());
        columns.addAll(relation.valueColumns());
        List<String> placeholders = columns.stream().map(c -> "?").collect(Collectors.toCollection(ArrayList::new));
        List<String> assignments = relation.valueColumns().stream().map(c -> c + " = EXCLUDED." + c)
                .collect(Collectors.toCollection(ArrayList::new));
        if (relation.hasUpdatedAt()) {
            columns.add("updated_at");
            placeholders.add("now()");
            assignments.add("updated_at = EXCLUDED.updated_at");
        }
        return "INSERT INTO " + relation.table() + " AS t (" + String.join(", ", columns) + ") VALUES ("
                + String.join(", ", placeholders) + ") ON CONFLICT (" + String.join(", ", relation.keyColumns())
                + ") DO UPDATE SET " + String.join(", ", assignments)
                + " WHERE ROW(" + prefixed("t.", relation.valueColumns()) + ") IS DISTINCT FROM ROW("
                + prefixed("EXCLUDED.", relation.valueColumns()) + ")";
    }

    public static String delete(Relation relation) {
        return "DELETE FROM " + relation.table() + " WHERE "
                + relation.keyColumns().stream().map(c -> c + (relation.keyColumnNullable(c) ? " IS NOT DISTINCT FROM ?" : " = ?"))
                        .collect(Collectors.joining(" AND "));
    }

    /** Binds the key and then the other columns of an upsert, or the key of a delete. */
    public static void bind(PreparedStatement statement, Change change) throws SQLException {
        int i = 1;
        for (Object v : change.row().values()) {
            statement.setObject(i++, v);
        }
        if (change instanceof Change.Upsert upsert) {
            for (Object v : upsert.columnValues()) {
                statement.setObject(i++, v);
            }
        }
    }

    public static String sql(Change change) {
        return change instanceof Change.Upsert ? upsert(change.row().relation()) : delete(change.row().relation());
    }

    private static String prefixed(String prefix, List<String> columns) {
        return columns.stream().map(c -> prefix + c).collect(Collectors.joining(", "));
    }
}
