package vn.chibo.pulse.sink;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.common.TopicPartition;

/** Waiting for the pipeline to reach a state, with a deadline and a message that says what never came. */
final class Eventually {

    private Eventually() {}

    static void within(Duration timeout, String what, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (Boolean.TRUE.equals(condition.call())) {
                    return;
                }
                last = null;
            } catch (Exception e) {
                last = e;
            }
            Thread.sleep(50);
        }
        AssertionError timedOut = new AssertionError("not within " + timeout + ": " + what);
        if (last != null) {
            timedOut.initCause(last);
        }
        throw timedOut;
    }

    /** The offsets a sink has stored in PostgreSQL. */
    static Map<TopicPartition, Long> storedOffsets(Connection c, String sinkName) throws SQLException {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT topic, partition, next_offset FROM pulse_sink.kafka_offsets WHERE sink_name = '" + sinkName + "'")) {
            while (rs.next()) {
                offsets.put(new TopicPartition(rs.getString(1), rs.getInt(2)), rs.getLong(3));
            }
        }
        return offsets;
    }

    static long total(Map<TopicPartition, Long> offsets) {
        return offsets.values().stream().mapToLong(Long::longValue).sum();
    }
}
