package vn.chibo.pulse.reconcile.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Tells whether a reader that stopped at an offset has read everything below another: an
 * exactly-once writer ends each transaction with a marker that takes an offset, so a consumer
 * that has read every record can still be one offset short of the end. Reads committed records
 * only, so an open transaction counts as not read yet.
 */
final class LogProbe implements AutoCloseable {

    private static final Duration LOOK = Duration.ofSeconds(2);

    private final KafkaConsumer<byte[], byte[]> consumer;

    LogProbe(String bootstrap) {
        this.consumer = new KafkaConsumer<>(EventLog.consumerProperties(bootstrap, "pulse-reconcile-probe"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** True when no record lies at or after {@code next} and below {@code end}. */
    boolean nothingBetween(TopicPartition tp, long next, long end) {
        if (next >= end) {
            return true;
        }
        consumer.assign(List.of(tp));
        consumer.seek(tp, next);
        Instant until = Instant.now().plus(LOOK);
        while (Instant.now().isBefore(until)) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                if (r.offset() < end) {
                    return false;
                }
            }
            if (consumer.position(tp) >= end) {
                return true;
            }
        }
        return false;
    }

    /** End offsets of the given topics' partitions; the stable end, for a read-committed reader. */
    Map<TopicPartition, Long> endOffsets(List<String> topics) {
        return EventLog.endOffsets(consumer, topics);
    }

    Map<TopicPartition, Long> endOffsets(java.util.Collection<TopicPartition> partitions) {
        return consumer.endOffsets(partitions, Duration.ofSeconds(15));
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
