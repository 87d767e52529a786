package vn.chibo.pulse.streams.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import vn.chibo.pulse.events.RejectedEvent;
import vn.chibo.pulse.registry.serde.KafkaAvroDeserializer;

/**
 * What the sink would see: the output topics read from the start with read_committed, folded
 * into the latest value per key (the topics are compacted), plus every refused event.
 */
final class OutputTopics implements AutoCloseable {
    private final KafkaConsumer<String, Object> consumer;
    private final List<String> topics;
    final Map<String, Map<String, Object>> latest = new HashMap<>();
    final List<ConsumerRecord<String, Object>> rejected = new ArrayList<>();
    private final String rejectedTopic;

    OutputTopics(String bootstrap, String registryUrl, List<String> topics, String rejectedTopic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        KafkaAvroDeserializer values = new KafkaAvroDeserializer();
        values.configure(Map.of("schema.registry.url", registryUrl, "specific.avro.reader", true), false);
        consumer = new KafkaConsumer<>(p, new StringDeserializer(), values);
        this.topics = topics;
        this.rejectedTopic = rejectedTopic;
        List<TopicPartition> partitions = new ArrayList<>();
        for (String t : topics) {
            latest.put(t, new TreeMap<>());
            for (PartitionInfo info : consumer.partitionsFor(t)) {
                partitions.add(new TopicPartition(t, info.partition()));
            }
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Reads until every partition is at its last committed offset. */
    void catchUp() {
        Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
        while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
            for (ConsumerRecord<String, Object> r : consumer.poll(Duration.ofMillis(200))) {
                if (r.topic().equals(rejectedTopic)) {
                    rejected.add(r);
                } else if (r.value() == null) {
                    latest.get(r.topic()).remove(r.key());
                } else {
                    latest.get(r.topic()).put(r.key(), r.value());
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    <V> Map<String, V> of(String topic) {
        return (Map<String, V>) (Map<String, ?>) latest.get(topic);
    }

    Map<String, Long> rejectedByReason() {
        Map<String, Long> byReason = new TreeMap<>();
        for (ConsumerRecord<String, Object> r : rejected) {
            byReason.merge(((RejectedEvent) r.value()).getReason(), 1L, Long::sum);
        }
        return byReason;
    }

    List<String> topics() {
        return topics;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
