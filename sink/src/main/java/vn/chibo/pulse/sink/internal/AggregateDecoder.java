package vn.chibo.pulse.sink.internal;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import vn.chibo.pulse.domain.Rejection;
import vn.chibo.pulse.domain.RejectionReason;

/**
 * Turns one raw aggregate record into a {@link Change}, or into a {@link Rejection} when it is bad
 * data. Values are decoded here rather than inside the consumer, so an undecodable value is one
 * dead letter instead of a poll that fails forever.
 */
public final class AggregateDecoder {

    /** One consumed record and what became of it: exactly one of change and rejection is set. */
    public record Decoded(ConsumerRecord<byte[], byte[]> source, Change change, Rejection rejection) {
        public String key() {
            return source.key() == null ? null : new String(source.key(), StandardCharsets.UTF_8);
        }
    }

    private final Deserializer<Object> values;

    public AggregateDecoder(Deserializer<Object> values) {
        this.values = values;
    }

    public Decoded decode(ConsumerRecord<byte[], byte[]> record) throws TransientFailure {
        Relation relation = Relation.forTopic(record.topic());
        if (record.key() == null) {
            return rejected(record, RejectionReason.UNDESERIALIZABLE, "the record has no key");
        }
        String key = new String(record.key(), StandardCharsets.UTF_8);
        List<Object> keyed;
        try {
            keyed = relation.parseKey(key);
        } catch (IllegalArgumentException e) {
            return rejected(record, RejectionReason.UNDESERIALIZABLE, e.getMessage());
        }
        if (record.value() == null) {
            return new Decoded(record, new Change.Delete(new RowKey(relation, keyed)), null);
        }

        Object value;
        try {
            value = values.deserialize(record.topic(), record.headers(), record.value());
        } catch (RuntimeException e) {
            if (Failures.isRegistryOutage(e)) {
                throw new TransientFailure("schema registry unavailable: " + e.getMessage(), e);
            }
            return rejected(record, RejectionReason.UNDESERIALIZABLE, "cannot decode the value: " + e);
        }
        if (!relation.valueType().isInstance(value)) {
            return rejected(record, RejectionReason.UNDESERIALIZABLE, "expected a "
                    + relation.valueType().getSimpleName() + " on " + record.topic() + ", got "
                    + (value == null ? "null" : value.getClass().getName()));
        }
        SpecificRecord typed = (SpecificRecord) value;
        List<Object> described = relation.keyOf(typed);
        if (!described.equals(keyed)) {
            return rejected(record, RejectionReason.KEY_DOES_NOT_MATCH_VALUE,
                    "key '" + key + "' names " + keyed + " but the value describes " + described);
        }
        return new Decoded(record, new Change.Upsert(new RowKey(relation, described), typed), null);
    }

    private static Decoded rejected(ConsumerRecord<byte[], byte[]> record, RejectionReason reason, String message) {
        return new Decoded(record, null, Rejection.of(reason, message));
    }
}
