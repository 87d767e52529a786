package vn.chibo.pulse.bench.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * Tells when PostgreSQL reflects everything published, from offsets alone, without touching the
 * pipeline: the streams app's committed offsets (committed in the same transaction as its output,
 * exactly-once v2) have reached the end of every partition it reads — the event topics and its
 * own repartition topics — and the sink's offsets, which it stores in PostgreSQL in the same
 * transaction as the rows, have reached the end of every aggregate partition.
 *
 * <p>Topics written in transactions end with a commit marker that no consumer ever reads: there
 * a partition counts as read when its consumer is at most one offset short of the end and no
 * transaction is open (the last stable offset equals the end).
 */
public final class Drain {
    private final Admin admin;
    private final Connection pg;
    private final String streamsGroup;
    private final String sinkName;
    private final Set<String> sourceTopics;
    private final List<TopicPartition> sourcePartitions;
    private final List<TopicPartition> aggregatePartitions;

    /**
     * What is left to do, in records — {@code streamsInternal} of {@code streams} in the app's own
     * (repartition) topics rather than the event topics; and how far the streams app got, from its
     * committed offsets: {@code consumed} events of the event topics, {@code internalConsumed}
     * records of its own topics; {@code positions}, its committed offset on each event partition.
     */
    public record Backlog(long streams, long sink, Map<TopicPartition, Long> ends, Map<String, Long> byTopic, long consumed,
                          long streamsInternal, long internalConsumed, Map<TopicPartition, Long> positions) {
        public boolean empty() {
            return streams == 0 && sink == 0;
        }

        public long total() {
            return streams + sink;
        }
    }

    public Drain(Admin admin, Connection pg, String streamsGroup, String sinkName, Collection<String> sourceTopics,
                 Collection<String> aggregateTopics) throws ExecutionException, InterruptedException {
        this.admin = admin;
        this.pg = pg;
        this.streamsGroup = streamsGroup;
        this.sinkName = sinkName;
        this.sourceTopics = new HashSet<>(sourceTopics);
        this.sourcePartitions = partitions(admin, sourceTopics);
        this.aggregatePartitions = partitions(admin, aggregateTopics);
    }

    static List<TopicPartition> partitions(Admin admin, Collection<String> topics) throws ExecutionException, InterruptedException {
        List<TopicPartition> out = new ArrayList<>();
        for (TopicDescription d : admin.describeTopics(topics).allTopicNames().get().values()) {
            d.partitions().forEach(p -> out.add(new TopicPartition(d.name(), p.partition())));
        }
        return out;
    }

    /** The backlog now. */
    public Backlog backlog() throws ExecutionException, InterruptedException, SQLException {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(streamsGroup)
                .partitionsToOffsetAndMetadata().get();
        // what the streams app reads: the event topics and whatever else it commits offsets for (its repartition topics)
        Set<TopicPartition> read = new HashSet<>(sourcePartitions);
        committed.forEach((tp, o) -> {
            if (o != null) {
                read.add(tp);
            }
        });
        Set<TopicPartition> all = new HashSet<>(read);
        all.addAll(aggregatePartitions);
        Map<TopicPartition, Long> ends = offsets(all, IsolationLevel.READ_UNCOMMITTED);
        Map<TopicPartition, Long> stable = offsets(all, IsolationLevel.READ_COMMITTED);
        long streams = 0;
        long consumed = 0;
        long internal = 0;
        long internalConsumed = 0;
        Map<TopicPartition, Long> positions = new HashMap<>();
        Map<String, Long> byTopic = new java.util.TreeMap<>();
        for (TopicPartition tp : read) {
            OffsetAndMetadata c = committed.get(tp);
            long position = c == null ? 0 : c.offset();
            if (sourceTopics.contains(tp.topic())) {
                consumed += position;
                positions.put(tp, position);
            }
            long left = behind(tp, position, ends, stable, sourceTopics.contains(tp.topic()));
            streams += left;
            if (!sourceTopics.contains(tp.topic())) {
                internal += left;
                internalConsumed += position;
            }
            if (left > 0) {
                byTopic.merge(tp.topic().replace(streamsGroup + "-", "").replace("-repartition", ""), left, Long::sum);
            }
        }
        Map<TopicPartition, Long> stored = sinkOffsets();
        long sink = 0;
        for (TopicPartition tp : aggregatePartitions) {
            sink += behind(tp, stored.getOrDefault(tp, 0L), ends, stable, false);
        }
        return new Backlog(streams, sink, ends, byTopic, consumed, internal, internalConsumed, positions);
    }

    /** Records of {@code tp} not yet read by a consumer at {@code read}. */
    static long behind(TopicPartition tp, long read, Map<TopicPartition, Long> ends, Map<TopicPartition, Long> stable,
                       boolean plainProducer) {
        long end = ends.getOrDefault(tp, 0L);
        if (end == 0 || read >= end) {
            return 0;
        }
        if (!plainProducer && stable.getOrDefault(tp, 0L) == end && read == end - 1) {
            return 0; // only the marker of the last transaction is left
        }
        return end - read;
    }

    /** When the sink last committed a batch (its offsets' updated_at), in epoch milliseconds; 0 if never. */
    public long lastSinkCommitMillis() throws SQLException {
        try (PreparedStatement s = pg.prepareStatement(
                "SELECT coalesce(extract(epoch FROM max(updated_at)) * 1000, 0) FROM pulse_sink.kafka_offsets WHERE sink_name = ?")) {
            s.setString(1, sinkName);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return (long) rs.getDouble(1);
            }
        }
    }

    private Map<TopicPartition, Long> sinkOffsets() throws SQLException {
        Map<TopicPartition, Long> stored = new HashMap<>();
        try (PreparedStatement s = pg.prepareStatement(
                "SELECT topic, partition, next_offset FROM pulse_sink.kafka_offsets WHERE sink_name = ?")) {
            s.setString(1, sinkName);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    stored.put(new TopicPartition(rs.getString(1), rs.getInt(2)), rs.getLong(3));
                }
            }
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) { // the sink has not migrated yet
                return stored;
            }
            throw e;
        }
        return stored;
    }

    private Map<TopicPartition, Long> offsets(Set<TopicPartition> partitions, IsolationLevel isolation)
            throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(tp -> request.put(tp, OffsetSpec.latest()));
        Map<TopicPartition, Long> out = new HashMap<>();
        for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> e
                : admin.listOffsets(request, new ListOffsetsOptions(isolation)).all().get().entrySet()) {
            out.put(e.getKey(), e.getValue().offset());
        }
        return out;
    }
}
