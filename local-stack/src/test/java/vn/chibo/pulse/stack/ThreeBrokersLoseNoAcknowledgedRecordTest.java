package vn.chibo.pulse.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three brokers in one KRaft cluster; a topic with 3 replicas and min.insync.replicas 2. While an
 * idempotent producer with acks=all publishes, the broker leading partition 0 is halted. Every
 * record the producer had acknowledged must be in the topic afterwards, once.
 */
class ThreeBrokersLoseNoAcknowledgedRecordTest {
    private static final String TOPIC = "pulse.member-events";
    private static final int RECORDS = 30_000;

    @TempDir
    Path dir;

    @Test
    void aBrokerHaltedWhilePublishingWithAcksAllLosesNoAcknowledgedRecord() throws Exception {
        try (EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.start(dir, 3)) {
            cluster.createTopic(TOPIC, 4, 3, "min.insync.replicas", "2");
            int leader = leaderOfPartitionZero(cluster.bootstrapServers());

            Set<String> acknowledged = ConcurrentHashMap.newKeySet();
            List<Exception> failures = new ArrayList<>();
            Map<String, Object> p = new HashMap<>();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
            p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
            CompletableFuture<Void> halting = null;
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
                for (int i = 0; i < RECORDS; i++) {
                    String id = "e-" + i;
                    producer.send(new ProducerRecord<>(TOPIC, "M" + (i % 997), id), (metadata, e) -> {
                        if (e == null) {
                            acknowledged.add(id);
                        } else {
                            synchronized (failures) {
                                failures.add(e);
                            }
                        }
                    });
                    if (i == RECORDS / 3) {
                        // beside the sends, with records in flight to the node halted
                        halting = CompletableFuture.runAsync(() -> cluster.halt(leader));
                    }
                    if (i == 2 * RECORDS / 3) {
                        halting.get(2, TimeUnit.MINUTES); // the last third goes to the two left
                    }
                    if (i % 1000 == 0) {
                        Thread.sleep(20); // a stream, not one burst: the halt lands between sends
                    }
                }
                producer.flush();
            }
            System.out.printf("halted node %d (leader of partition 0); %d of %d records acknowledged, %d failed%n",
                    leader, acknowledged.size(), RECORDS, failures.size());

            Map<String, Integer> read = readAll(cluster.bootstrapServers());
            assertThat(acknowledged).as("acknowledged records (failures: %s)", failures).isNotEmpty();
            assertThat(read.keySet()).as("every acknowledged record is in the topic").containsAll(acknowledged);
            assertThat(read.values()).as("each once (idempotent producer)").containsOnly(1);
            assertThat(failures).as("with two of three replicas left, min.insync.replicas 2 is met: no send fails").isEmpty();
        }
    }

    private static int leaderOfPartitionZero(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            TopicDescription d = admin.describeTopics(List.of(TOPIC)).allTopicNames().get(30, TimeUnit.SECONDS).get(TOPIC);
            assertThat(d.partitions()).allSatisfy(info -> assertThat(info.replicas()).hasSize(3));
            return d.partitions().get(0).leader().id();
        }
    }

    /** Every record's value and how many times it was read, from the start to the end of each partition. */
    private static Map<String, Integer> readAll(String bootstrap) {
        Map<String, Object> c = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        Map<String, Integer> read = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(TOPIC).stream()
                    .map(i -> new TopicPartition(TOPIC, i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    read.merge(r.value(), 1, Integer::sum);
                }
            }
        }
        return read;
    }
}
