package vn.chibo.pulse.sink;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import vn.chibo.pulse.domain.Topics;
import vn.chibo.pulse.events.RejectedEvent;
import vn.chibo.pulse.registry.serde.KafkaAvroDeserializer;
import vn.chibo.pulse.registry.serde.KafkaAvroSerializer;
import vn.chibo.pulse.registry.server.SchemaRegistryServer;
import vn.chibo.pulse.sink.internal.Relation;
import vn.chibo.pulse.stack.EmbeddedKafka;

/** A real broker and a real schema registry, with the aggregate topics the streams app would make. */
final class KafkaStack implements AutoCloseable {

    static final List<String> AGGREGATE_TOPICS = Relation.topics();

    private final EmbeddedKafka kafka;
    private final SchemaRegistryServer registry;

    private KafkaStack(EmbeddedKafka kafka, SchemaRegistryServer registry) {
        this.kafka = kafka;
        this.registry = registry;
    }

    static KafkaStack start(Path dir, int partitions) {
        KafkaStack stack = startWithoutTopics(dir);
        stack.createTopics(partitions);
        return stack;
    }

    /** A broker on which the streams app has not made its topics yet. */
    static KafkaStack startWithoutTopics(Path dir) {
        EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"));
        SchemaRegistryServer registry = SchemaRegistryServer.start("127.0.0.1", 0, kafka.bootstrapServers());
        return new KafkaStack(kafka, registry);
    }

    void createTopics(int partitions) {
        for (String topic : AGGREGATE_TOPICS) {
            kafka.createTopic(topic, partitions, "cleanup.policy", "compact");
        }
        kafka.createTopic(Topics.REJECTED, 1);
    }

    String bootstrap() {
        return kafka.bootstrapServers();
    }

    String registryUrl() {
        return registry.url();
    }

    /** The settings a sink needs to reach this stack and a database. */
    Map<String, String> sinkSettings(String pgUrl, String sinkName) {
        Map<String, String> s = new HashMap<>();
        s.put(SinkConfig.KAFKA_BOOTSTRAP, bootstrap());
        s.put(SinkConfig.REGISTRY_URL, registryUrl());
        s.put(SinkConfig.PG_URL, pgUrl);
        s.put(SinkConfig.PG_USER, "");
        s.put(SinkConfig.GROUP_ID, sinkName);
        s.put(SinkConfig.CLIENT_ID, sinkName);
        s.put(SinkConfig.POLL_TIMEOUT_MS, "100");
        s.put(SinkConfig.METADATA_REFRESH_MS, "1000");
        return s;
    }

    /** A transactional producer of Avro aggregate values, as the streams app writes them. */
    KafkaProducer<String, Object> transactionalProducer(String transactionalId) {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        KafkaAvroSerializer values = new KafkaAvroSerializer();
        values.configure(Map.of("schema.registry.url", registryUrl()), false);
        KafkaProducer<String, Object> producer = new KafkaProducer<>(p, new StringSerializer(), values);
        producer.initTransactions();
        return producer;
    }

    /** A plain producer of raw bytes, for values no serializer would write. */
    KafkaProducer<String, byte[]> rawProducer() {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * For each partition of the aggregate topics: the offset after its last committed record,
     * i.e. where a sink that has applied everything stands.
     */
    Map<TopicPartition, Long> nextOffsetsAfterLastCommittedRecords() {
        Map<TopicPartition, Long> next = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = readCommitted()) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : AGGREGATE_TOPICS) {
                consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    next.put(new TopicPartition(r.topic(), r.partition()), r.offset() + 1);
                }
            }
        }
        return next;
    }

    /** Every dead letter on the rejected topic so far. */
    List<ConsumerRecord<byte[], Object>> rejected() {
        Map<String, Object> c = consumerSettings();
        KafkaAvroDeserializer values = new KafkaAvroDeserializer();
        values.configure(Map.of("schema.registry.url", registryUrl(), "specific.avro.reader", true), false);
        List<ConsumerRecord<byte[], Object>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], Object> consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), values)) {
            TopicPartition tp = new TopicPartition(Topics.REJECTED, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            while (consumer.position(tp) < end) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    static RejectedEvent asRejected(ConsumerRecord<byte[], Object> record) {
        return (RejectedEvent) record.value();
    }

    private KafkaConsumer<byte[], byte[]> readCommitted() {
        return new KafkaConsumer<>(consumerSettings(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private Map<String, Object> consumerSettings() {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return c;
    }

    @Override
    public void close() {
        registry.close();
        kafka.close();
    }
}
