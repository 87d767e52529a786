package vn.chibo.pulse.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.chibo.pulse.registry.client.CachedSchemaRegistryClient;
import vn.chibo.pulse.registry.serde.KafkaAvroDeserializer;
import vn.chibo.pulse.registry.serde.KafkaAvroSerializer;
import vn.chibo.pulse.registry.server.SchemaRegistryServer;
import vn.chibo.pulse.registry.testdata.MemberCard;
import vn.chibo.pulse.stack.EmbeddedKafka;

/**
 * Avro records go through the real registry server to a real broker and come back: written with two
 * versions of the schema, read into the newer class, tombstones kept, every record in Confluent's
 * wire format on the broker.
 */
class AvroThroughRegistryAndBrokerTest {

    private static final String TOPIC = "pulse.member-cards";

    @TempDir
    static Path kafkaDir;

    private static EmbeddedKafka kafka;
    private static SchemaRegistryServer registry;

    @BeforeAll
    static void start() {
        kafka = EmbeddedKafka.start(kafkaDir);
        registry = SchemaRegistryServer.start("127.0.0.1", 0, kafka.bootstrapServers());
        kafka.createTopic(TOPIC, 3);
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void recordsWrittenThroughTheRegistryAreReadBackFromTheBroker() {
        Map<String, Object> producerProps = new HashMap<>();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, KafkaAvroSerializer.class);
        producerProps.put("schema.registry.url", registry.url());
        try (KafkaProducer<String, Object> producer = new KafkaProducer<>(producerProps)) {
            for (int i = 0; i < 50; i++) {
                GenericRecord v1 = new GenericData.Record(MemberCard.V1_SCHEMA);
                v1.put("memberId", "M" + i);
                v1.put("branchId", "B" + (i % 7));
                producer.send(new ProducerRecord<>(TOPIC, "M" + i, v1));
            }
            for (int i = 50; i < 100; i++) {
                producer.send(new ProducerRecord<>(TOPIC, "M" + i,
                        new MemberCard("M" + i, "B" + (i % 7), i % 2 == 0 ? "OFFICIAL" : "PROBATIONARY")));
            }
            producer.send(new ProducerRecord<>(TOPIC, "M0", null));
            producer.flush();
        }

        Map<String, Object> consumerProps = new HashMap<>();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, "member-cards-reader");
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerProps.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        consumerProps.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, KafkaAvroDeserializer.class);
        consumerProps.put("schema.registry.url", registry.url());
        consumerProps.put("specific.avro.reader", true);
        List<ConsumerRecord<String, Object>> read = readAll(consumerProps, 101);

        Map<String, MemberCard> cards = new HashMap<>();
        int tombstones = 0;
        for (ConsumerRecord<String, Object> record : read) {
            if (record.value() == null) {
                tombstones++;
            } else {
                cards.put(record.key(), (MemberCard) record.value());
            }
        }
        assertThat(tombstones).isEqualTo(1);
        assertThat(cards).hasSize(100);
        assertThat(cards.get("M3").getBranchId()).isEqualTo("B3");
        assertThat(cards.get("M3").getStatus()).as("default of the field added in version 2").isEqualTo("OFFICIAL");
        assertThat(cards.get("M51").getStatus()).isEqualTo("PROBATIONARY");

        CachedSchemaRegistryClient client = new CachedSchemaRegistryClient(registry.url());
        assertThat(client.getAllVersions(TOPIC + "-value")).containsExactly(1, 2);
        int v1Id = client.getSchemaMetadata(TOPIC + "-value", 1).id();
        int v2Id = client.getSchemaMetadata(TOPIC + "-value", 2).id();

        // On the broker itself every value is 0, the schema id big-endian, then Avro.
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, "member-cards-raw");
        consumerProps.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        for (ConsumerRecord<String, Object> raw : readAll(consumerProps, 101)) {
            byte[] bytes = (byte[]) raw.value();
            if (bytes == null) {
                continue;
            }
            int keyNumber = Integer.parseInt(raw.key().substring(1));
            int expectedId = keyNumber < 50 ? v1Id : v2Id;
            assertThat(bytes[0]).isZero();
            assertThat(((bytes[1] & 0xff) << 24) | ((bytes[2] & 0xff) << 16) | ((bytes[3] & 0xff) << 8) | (bytes[4] & 0xff))
                    .isEqualTo(expectedId);
        }
    }

    private static List<ConsumerRecord<String, Object>> readAll(Map<String, Object> props, int expected) {
        List<ConsumerRecord<String, Object>> read = new ArrayList<>();
        try (KafkaConsumer<String, Object> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(TOPIC));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (read.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(read::add);
            }
        }
        assertThat(read).hasSize(expected);
        return read;
    }
}
