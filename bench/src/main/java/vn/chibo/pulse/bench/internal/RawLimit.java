package vn.chibo.pulse.bench.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The limit the pipeline is measured against: the same serialized events produced through the same
 * broker, with the publisher's settings, and consumed with no processing at all. Events per second
 * from the first send to the last record consumed.
 */
public final class RawLimit {
    /** Raw copies of the event topics live beside them under this prefix. */
    public static final String PREFIX = "bench.raw.";

    public record Result(long events, long bytes, double seconds) {
        public double eventsPerSecond() {
            return events / seconds;
        }

        public double megabytesPerSecond() {
            return bytes / seconds / 1e6;
        }
    }

    private RawLimit() {}

    /**
     * Produces {@code batch} over and over for {@code producing} (each event to the raw copy of its
     * topic, with that topic's partition count), while one consumer reads every raw partition;
     * returns once the consumer has read everything produced.
     */
    public static Result run(String bootstrap, String registryUrl, Admin admin, EventBatch batch, Duration producing)
            throws Exception {
        List<NewTopic> copies = new ArrayList<>();
        Map<String, TopicDescription> originals = admin.describeTopics(batch.topics()).allTopicNames().get();
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : batch.topics()) {
            int n = originals.get(topic).partitions().size();
            copies.add(new NewTopic(PREFIX + topic, n, (short) 1));
            for (int p = 0; p < n; p++) {
                partitions.add(new TopicPartition(PREFIX + topic, p));
            }
        }
        BenchKafka.create(admin, copies);

        AtomicLong consumed = new AtomicLong();
        AtomicLong consumedBytes = new AtomicLong();
        AtomicLong lastConsumedNanos = new AtomicLong();
        AtomicLong target = new AtomicLong(Long.MAX_VALUE);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread consumer = new Thread(() -> {
            try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(consumerConfig(bootstrap),
                    new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                c.assign(partitions);
                c.seekToBeginning(partitions);
                while (consumed.get() < target.get()) {
                    ConsumerRecords<byte[], byte[]> records = c.poll(Duration.ofMillis(100));
                    long bytes = 0;
                    for (ConsumerRecord<byte[], byte[]> r : records) {
                        bytes += r.serializedKeySize() + r.serializedValueSize();
                    }
                    if (!records.isEmpty()) {
                        consumedBytes.addAndGet(bytes);
                        consumed.addAndGet(records.count());
                        lastConsumedNanos.set(System.nanoTime());
                    }
                }
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "bench-raw-consumer");
        consumer.start();

        long produced = 0;
        long started;
        AtomicReference<Exception> sendFailure = new AtomicReference<>();
        try (KafkaProducer<byte[], byte[]> producer = BenchKafka.publisherOfBytes(bootstrap, registryUrl, "pulse-bench-raw")) {
            started = System.nanoTime();
            long stopAt = started + producing.toNanos();
            while (System.nanoTime() < stopAt && failure.get() == null) {
                for (int i = 0; i < batch.size(); i++) {
                    producer.send(batch.record(i, t -> PREFIX + t), (m, e) -> {
                        if (e != null) {
                            sendFailure.compareAndSet(null, e);
                        }
                    });
                    produced++;
                    if ((i & 1023) == 0 && System.nanoTime() >= stopAt) {
                        break;
                    }
                }
            }
            producer.flush();
        }
        if (sendFailure.get() != null) {
            throw new IllegalStateException("raw produce failed: " + sendFailure.get(), sendFailure.get());
        }
        target.set(produced);
        consumer.join(Duration.ofMinutes(10).toMillis());
        if (failure.get() != null) {
            throw new IllegalStateException("raw consume failed: " + failure.get(), failure.get());
        }
        if (consumer.isAlive()) {
            consumer.interrupt();
            throw new IllegalStateException("raw consumer read " + consumed.get() + " of " + produced + " events in 10 min");
        }
        return new Result(consumed.get(), consumedBytes.get(), (lastConsumedNanos.get() - started) / 1e9);
    }

    private static Map<String, Object> consumerConfig(String bootstrap) {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, "pulse-bench-raw-consumer");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // as the streams app and the sink read
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return c;
    }
}
