package vn.chibo.pulse.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaTest {

    @TempDir
    Path dataDir;

    @Test
    void transactionalRecordsSurviveARestartOnTheSamePort() throws Exception {
        int port;
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dataDir)) {
            port = kafka.port();
            assertThat(kafka.createTopic("greetings", 3)).isTrue();
            assertThat(kafka.createTopic("greetings", 3)).as("second create is a no-op").isFalse();
            try (KafkaProducer<String, String> producer = transactionalProducer(kafka.bootstrapServers())) {
                producer.initTransactions();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>("greetings", "a", "xin chào"));
                producer.send(new ProducerRecord<>("greetings", "b", "hello"));
                producer.commitTransaction();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>("greetings", "c", "never committed"));
                producer.abortTransaction();
            }
            assertThat(readCommitted(kafka.bootstrapServers(), "greetings", 2))
                    .containsExactlyInAnyOrder("a=xin chào", "b=hello");
        }

        try (EmbeddedKafka again = EmbeddedKafka.start(dataDir, EmbeddedKafka.Options.defaults().port(port))) {
            assertThat(again.bootstrapServers()).isEqualTo("127.0.0.1:" + port);
            assertThat(readCommitted(again.bootstrapServers(), "greetings", 2))
                    .containsExactlyInAnyOrder("a=xin chào", "b=hello");
        }
    }

    @Test
    void createdTopicsKeepTheirPartitionsAndConfigs() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dataDir, EmbeddedKafka.Options.defaults().defaultPartitions(2));
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            kafka.createTopic("totals", 4, "cleanup.policy", "compact");
            TopicDescription description = admin.describeTopics(List.of("totals")).allTopicNames().get().get("totals");
            assertThat(description.partitions()).hasSize(4);
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, "totals");
            assertThat(admin.describeConfigs(List.of(resource)).all().get().get(resource).get("cleanup.policy").value())
                    .isEqualTo("compact");

            // A topic auto-created by a producer gets the broker's default partition count.
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                    new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>("auto", "k", "v")).get();
            }
            assertThat(admin.describeTopics(List.of("auto")).allTopicNames().get().get("auto").partitions()).hasSize(2);
        }
    }

    @Test
    void refusesWithAClearMessageWhenThePortIsTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> EmbeddedKafka.start(dataDir, EmbeddedKafka.Options.defaults().port(port)))
                    .isInstanceOf(KafkaStartException.class)
                    .hasMessage("Kafka port " + port + " on 127.0.0.1 is already in use");
        }
    }

    private static KafkaProducer<String, String> transactionalProducer(String bootstrap) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "test-" + UUID.randomUUID(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                new StringSerializer(), new StringSerializer());
    }

    private static List<String> readCommitted(String bootstrap, String topic, int expected) {
        List<String> seen = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            // Poll past the expected count for a moment so an extra (aborted) record would show up.
            long quietUntil = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, quietUntil)) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    seen.add(record.key() + "=" + record.value());
                }
                if (seen.size() >= expected && quietUntil == Long.MAX_VALUE) {
                    quietUntil = System.nanoTime() + Duration.ofSeconds(1).toNanos();
                }
            }
        }
        return seen;
    }
}
