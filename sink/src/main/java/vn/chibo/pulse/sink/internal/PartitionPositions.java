package vn.chibo.pulse.sink.internal;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which aggregate partitions this sink writes, and from where. The sinks of one name are one consumer
 * group sharing the partitions; a partition given to this sink is paused until it is positioned at
 * the offset stored in PostgreSQL, the only position the sink trusts (the offsets it reports to
 * Kafka are for monitoring tools).
 *
 * <p>The stored offsets kept here are what each write expects to find in PostgreSQL: a sink whose
 * partition went to another meanwhile (a zombie, or one slow to notice a rebalance) finds another
 * value there, writes nothing and repositions ({@link ReportingWriter#write}).
 */
public final class PartitionPositions implements ConsumerRebalanceListener {

    private static final Logger log = LoggerFactory.getLogger(PartitionPositions.class);

    private final Consumer<byte[], byte[]> consumer;
    private final Set<TopicPartition> assigned = new HashSet<>();
    private final Set<TopicPartition> unpositioned = new HashSet<>();
    private final Map<TopicPartition, Long> stored = new HashMap<>();
    private long nextLagAt;
    private long lastLag = -1;

    public PartitionPositions(Consumer<byte[], byte[]> consumer) {
        this.consumer = consumer;
    }

    /** Joins the group of the sinks of this name on every aggregate topic, those not created yet included. */
    public void subscribe() {
        consumer.subscribe(Relation.topics(), this);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        assigned.addAll(partitions);
        unpositioned.addAll(partitions);
        // nothing is read from them before they are positioned at the offsets PostgreSQL holds
        consumer.pause(partitions);
        log.info("this sink now writes {} partitions; given {}", assigned.size(), new TreeSet<>(names(partitions)));
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        assigned.removeAll(partitions);
        unpositioned.removeAll(partitions);
        stored.keySet().removeAll(partitions);
        log.info("this sink now writes {} partitions; gave up {}", assigned.size(), new TreeSet<>(names(partitions)));
    }

    /** Whether some partition given to this sink waits for its stored offset. */
    public boolean waiting() {
        return !unpositioned.isEmpty();
    }

    /** Positions the partitions that wait at their offsets in {@code fromDatabase} (the start if none) and reads them. */
    public void positionWaiting(Map<TopicPartition, Long> fromDatabase) {
        seek(unpositioned, fromDatabase);
        consumer.resume(unpositioned);
        unpositioned.clear();
    }

    /** After a fenced write: every partition back to what PostgreSQL holds, which another writer moved on. */
    public void repositionAll(Map<TopicPartition, Long> fromDatabase) {
        Set<TopicPartition> positioned = new HashSet<>(assigned);
        positioned.removeAll(unpositioned);
        seek(positioned, fromDatabase);
    }

    /** The offsets a write expects to find in PostgreSQL, for the partitions this sink writes. */
    public Map<TopicPartition, Long> stored() {
        return stored;
    }

    /** A batch committed: its partitions' stored offsets moved on, and are reported to Kafka for monitoring. */
    public void advanced(Map<TopicPartition, Long> next) {
        Map<TopicPartition, OffsetAndMetadata> report = new HashMap<>();
        next.forEach((tp, offset) -> {
            if (assigned.contains(tp)) {
                stored.put(tp, offset);
                report.put(tp, new OffsetAndMetadata(offset));
            }
        });
        consumer.commitAsync(report, (committed, failure) -> {
            if (failure != null) {
                log.debug("reporting offsets to Kafka failed (PostgreSQL holds the real ones)", failure);
            }
        });
    }

    public int count() {
        return assigned.size();
    }

    /** Records in this sink's partitions not yet read; -1 unknown. Asks the broker at most once a second. */
    public long lag() {
        long now = System.currentTimeMillis();
        if (now < nextLagAt) {
            return lastLag;
        }
        nextLagAt = now + 1_000;
        long total = 0;
        boolean known = false;
        for (TopicPartition tp : assigned) {
            OptionalLong lag = consumer.currentLag(tp);
            if (lag.isPresent()) {
                total += lag.getAsLong();
                known = true;
            }
        }
        lastLag = known ? total : assigned.isEmpty() ? 0 : -1;
        return lastLag;
    }

    private void seek(Set<TopicPartition> partitions, Map<TopicPartition, Long> fromDatabase) {
        for (TopicPartition tp : partitions) {
            Long offset = fromDatabase.get(tp);
            if (offset == null) {
                stored.remove(tp);
                log.info("reading {} from the beginning", tp);
                consumer.seekToBeginning(List.of(tp));
            } else {
                stored.put(tp, offset);
                log.info("resuming {} at offset {}", tp, offset);
                consumer.seek(tp, offset);
            }
        }
    }

    private static List<String> names(Collection<TopicPartition> partitions) {
        return partitions.stream().map(TopicPartition::toString).toList();
    }
}
