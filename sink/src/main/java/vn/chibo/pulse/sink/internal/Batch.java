package vn.chibo.pulse.sink.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import vn.chibo.pulse.domain.Rejection;

/**
 * The records of one poll, written in one PostgreSQL transaction together with the offsets that
 * follow them.
 */
public final class Batch {

    private final List<AggregateDecoder.Decoded> entries;
    private final Map<TopicPartition, Long> nextOffsets;

    public Batch(List<AggregateDecoder.Decoded> entries) {
        this.entries = List.copyOf(entries);
        Map<TopicPartition, Long> next = new LinkedHashMap<>();
        for (AggregateDecoder.Decoded e : entries) {
            next.merge(new TopicPartition(e.source().topic(), e.source().partition()),
                    e.source().offset() + 1, Math::max);
        }
        this.nextOffsets = Collections.unmodifiableMap(next);
    }

    public static Batch decode(Iterable<ConsumerRecord<byte[], byte[]>> records, AggregateDecoder decoder)
            throws TransientFailure {
        List<AggregateDecoder.Decoded> entries = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            entries.add(decoder.decode(record));
        }
        return new Batch(entries);
    }

    /** Every record in the order consumed (per partition, by offset). */
    public List<AggregateDecoder.Decoded> entries() {
        return entries;
    }

    /**
     * One change per row, the last one consumed: applying these equals applying every change in
     * order, because each change replaces the whole row. It also keeps a multi-row upsert from
     * touching a row twice, which PostgreSQL refuses.
     */
    public Collection<Change> collapsed() {
        Map<RowKey, Change> last = new LinkedHashMap<>();
        for (AggregateDecoder.Decoded e : entries) {
            if (e.change() != null) {
                last.put(e.change().row(), e.change());
            }
        }
        return last.values();
    }

    /** Records that could not even be decoded. */
    public List<AggregateDecoder.Decoded> undecodable() {
        return entries.stream().filter(e -> e.rejection() != null).toList();
    }

    /** For each partition in the batch: the offset after its last record. */
    public Map<TopicPartition, Long> nextOffsets() {
        return nextOffsets;
    }

    public int size() {
        return entries.size();
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** A copy of an entry, now refused with the given rejection. */
    static AggregateDecoder.Decoded refused(AggregateDecoder.Decoded entry, Rejection rejection) {
        return new AggregateDecoder.Decoded(entry.source(), null, rejection);
    }
}
