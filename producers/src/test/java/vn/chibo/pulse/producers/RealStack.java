package vn.chibo.pulse.producers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import vn.chibo.pulse.domain.Topics;
import vn.chibo.pulse.producers.internal.Endpoints;
import vn.chibo.pulse.registry.serde.KafkaAvroDeserializer;
import vn.chibo.pulse.registry.server.SchemaRegistryServer;
import vn.chibo.pulse.stack.EmbeddedKafka;

/**
 * A real broker (KRaft) and a real schema registry server for one test class; no mocks. Register it as a static
 * {@code @RegisterExtension} field: it starts before the class's first test and stops after its last.
 */
public final class RealStack implements BeforeAllCallback, AfterAllCallback {
    Path dir;
    EmbeddedKafka kafka;
    SchemaRegistryServer registry;

    /** Starts both, with the three input topics (reference on one partition, as the pipeline has it). */
    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        dir = Files.createTempDirectory("pulse-producers-it");
        kafka = EmbeddedKafka.start(dir.resolve("kafka"), EmbeddedKafka.Options.defaults().autoCreateTopics(false));
        try {
            registry = SchemaRegistryServer.start("127.0.0.1", 0, kafka.bootstrapServers());
        } catch (RuntimeException e) {
            kafka.close();
            throw e;
        }
        kafka.createTopic(Topics.REFERENCE, 1);
        kafka.createTopic(Topics.MEMBER_EVENTS, 4);
        kafka.createTopic(Topics.MEETING_EVENTS, 4);
    }

    public Map<String, String> endpoints() {
        return Map.of(Endpoints.KAFKA_BOOTSTRAP, kafka.bootstrapServers(), Endpoints.REGISTRY_URL, registry.url());
    }

    public CommunePublisherConfig publisherConfig(Map<String, Object> more) {
        Map<String, Object> m = new HashMap<>(more);
        m.put(CommunePublisherConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        m.put(CommunePublisherConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.url());
        return new CommunePublisherConfig(m);
    }

    /** Every record the topic holds now (all partitions, from the start to their end offsets), values as specific Avro records. */
    public List<ConsumerRecord<String, Object>> readAll(String topic) {
        List<ConsumerRecord<String, Object>> records = new ArrayList<>();
        read(topic, records::add);
        return records;
    }

    /** As {@link #readAll}, handing each record to {@code sink} instead of keeping them; returns the count. */
    public long read(String topic, Consumer<ConsumerRecord<String, Object>> sink) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        KafkaAvroDeserializer values = new KafkaAvroDeserializer();
        values.configure(Map.of("schema.registry.url", registry.url(), "specific.avro.reader", true), false);
        long count = 0;
        try (KafkaConsumer<String, Object> consumer = new KafkaConsumer<>(p, new StringDeserializer(), values)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end in 120 s");
                }
                for (ConsumerRecord<String, Object> r : consumer.poll(Duration.ofMillis(500))) {
                    sink.accept(r);
                    count++;
                }
            }
        }
        return count;
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (registry == null) {
            return; // beforeAll failed and closed what it had started
        }
        try {
            registry.close();
        } finally {
            kafka.close();
            deleteQuietly(dir);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            // a temp directory left behind harms nothing
        }
    }
}
