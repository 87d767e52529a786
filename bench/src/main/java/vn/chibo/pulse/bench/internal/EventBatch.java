package vn.chibo.pulse.bench.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;

import vn.chibo.pulse.domain.ParsedEvent;

/**
 * Events serialized once, as the publisher would send them (key: the routing key as UTF-8; value:
 * Avro in the Confluent wire format with the registry's schema ids), so that the raw limit and the
 * pipeline send exactly the same bytes.
 */
public final class EventBatch {
    private final List<String> topics;
    private final byte[] topicOf;
    private final byte[][] keys;
    private final byte[][] values;
    private final long bytes;

    private EventBatch(List<String> topics, byte[] topicOf, byte[][] keys, byte[][] values, long bytes) {
        this.topics = List.copyOf(topics);
        this.topicOf = topicOf;
        this.keys = keys;
        this.values = values;
        this.bytes = bytes;
    }

    public int size() {
        return keys.length;
    }

    /** Bytes of keys and values together. */
    public long bytes() {
        return bytes;
    }

    /** The topics the events go to, in the order of first use. */
    public List<String> topics() {
        return topics;
    }

    public String topic(int i) {
        return topics.get(topicOf[i]);
    }

    /** Event {@code i} as a record for its topic renamed by {@code topicName} (identity: its own topic). */
    public ProducerRecord<byte[], byte[]> record(int i, UnaryOperator<String> topicName) {
        return new ProducerRecord<>(topicName.apply(topic(i)), keys[i], values[i]);
    }

    public static Builder builder(Serializer<Object> valueSerializer) {
        return new Builder(valueSerializer);
    }

    /** Serializes events one by one. Not thread-safe. */
    public static final class Builder {
        private final Serializer<Object> valueSerializer;
        private final List<String> topics = new ArrayList<>();
        private final Map<String, Integer> topicIndex = new HashMap<>();
        private byte[] topicOf = new byte[1024];
        private byte[][] keys = new byte[1024][];
        private byte[][] values = new byte[1024][];
        private int size;
        private long bytes;

        private Builder(Serializer<Object> valueSerializer) {
            this.valueSerializer = valueSerializer;
        }

        /** Adds an event envelope (ReferenceEvent, MemberEvent or MeetingEvent), routed as the publisher routes it. */
        public Builder add(SpecificRecord envelope) {
            ParsedEvent routed = ParsedEvent.of(envelope);
            byte[] key = routed.key().getBytes(StandardCharsets.UTF_8);
            byte[] value = valueSerializer.serialize(routed.topic(), envelope);
            int t = topicIndex.computeIfAbsent(routed.topic(), name -> {
                topics.add(name);
                return topics.size() - 1;
            });
            if (size == keys.length) {
                int grown = size * 2;
                topicOf = Arrays.copyOf(topicOf, grown);
                keys = Arrays.copyOf(keys, grown);
                values = Arrays.copyOf(values, grown);
            }
            topicOf[size] = (byte) t;
            keys[size] = key;
            values[size] = value;
            size++;
            bytes += key.length + value.length;
            return this;
        }

        public int size() {
            return size;
        }

        public EventBatch build() {
            return new EventBatch(topics, Arrays.copyOf(topicOf, size), Arrays.copyOf(keys, size), Arrays.copyOf(values, size), bytes);
        }
    }
}
