package vn.chibo.pulse.registry.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The schema log in a compacted, single-partition Kafka topic (by default {@code _schemas}), in the
 * manner of Confluent's KafkaStore: a reader thread applies every record in offset order, and a write
 * returns only once the reader has applied it, so the state a write was decided on always includes
 * every earlier write and an id is never handed out twice.
 */
public final class KafkaSchemaLog implements SchemaLog {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaSchemaLog.class);

    private final String bootstrapServers;
    private final String topic;
    private final short replicationFactor;
    private final Duration writeTimeout;
    private final Duration initTimeout;
    private final TopicPartition partition;

    private KafkaProducer<byte[], byte[]> producer;
    private KafkaConsumer<byte[], byte[]> consumer;
    private Thread reader;
    private volatile boolean running;
    private volatile RuntimeException readerFailure;

    /** Offset of the next record the reader will apply; guarded by {@code this} for waiting. */
    private long applied;

    public KafkaSchemaLog(String bootstrapServers, String topic, short replicationFactor,
            Duration writeTimeout, Duration initTimeout) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.replicationFactor = replicationFactor;
        this.writeTimeout = writeTimeout;
        this.initTimeout = initTimeout;
        this.partition = new TopicPartition(topic, 0);
    }

    @Override
    public void start(Consumer<LogRecord> applier) {
        ensureTopic();

        Map<String, Object> producerProps = new HashMap<>();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerProps.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        producerProps.put(ProducerConfig.CLIENT_ID_CONFIG, "pulse-registry-writer");
        producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        producer = new KafkaProducer<>(producerProps);

        Map<String, Object> consumerProps = new HashMap<>();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerProps.put(ConsumerConfig.CLIENT_ID_CONFIG, "pulse-registry-reader");
        consumerProps.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        consumerProps.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        consumer = new KafkaConsumer<>(consumerProps);
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        long end;
        try {
            end = consumer.endOffsets(List.of(partition), initTimeout).get(partition);
        } catch (KafkaException e) {
            close();
            throw RegistryErrors.storeError("Cannot read schema topic " + topic + " at " + bootstrapServers + ": "
                    + e.getMessage(), e);
        }

        running = true;
        reader = new Thread(() -> readLoop(applier), "pulse-registry-log-reader");
        reader.setDaemon(true);
        reader.start();
        try {
            awaitApplied(end, initTimeout);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        LOG.info("Schema registry replayed {} records of topic {}", end, topic);
    }

    private void ensureTopic() {
        int timeoutMs = (int) Math.min(Integer.MAX_VALUE, initTimeout.toMillis());
        Map<String, Object> props = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, "pulse-registry-admin",
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(timeoutMs, 30_000));
        Admin admin = Admin.create(props);
        try {
            try {
                TopicDescription description = admin.describeTopics(Set.of(topic)).allTopicNames()
                        .get(timeoutMs, TimeUnit.MILLISECONDS).get(topic);
                checkExistingTopic(admin, description, timeoutMs);
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
            }
            int brokers = admin.describeCluster().nodes().get(timeoutMs, TimeUnit.MILLISECONDS).size();
            short factor = (short) Math.max(1, Math.min(replicationFactor, brokers));
            NewTopic newTopic = new NewTopic(topic, 1, factor)
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
            try {
                admin.createTopics(List.of(newTopic)).all().get(timeoutMs, TimeUnit.MILLISECONDS);
                LOG.info("Created schema topic {} (1 partition, replication factor {}, compacted)", topic, factor);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        } catch (ExecutionException e) {
            throw RegistryErrors.storeError("Cannot prepare schema topic " + topic + " at " + bootstrapServers
                    + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw RegistryErrors.storeError("Kafka at " + bootstrapServers + " did not answer within "
                    + timeoutMs + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RegistryErrors.storeError("Interrupted while preparing schema topic " + topic, e);
        } finally {
            // Without a bound, close waits for calls still pending against an unreachable cluster.
            admin.close(Duration.ofSeconds(2));
        }
    }

    /** The schema topic must have one partition (a total order) and be compacted (keep every key's last value). */
    private void checkExistingTopic(Admin admin, TopicDescription description, long timeoutMs)
            throws ExecutionException, InterruptedException, TimeoutException {
        if (description.partitions().size() != 1) {
            throw RegistryErrors.storeError("Schema topic " + topic + " has " + description.partitions().size()
                    + " partitions; it must have exactly 1", null);
        }
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        String policy = admin.describeConfigs(List.of(resource)).all().get(timeoutMs, TimeUnit.MILLISECONDS)
                .get(resource).get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
        if (!TopicConfig.CLEANUP_POLICY_COMPACT.equals(policy)) {
            throw RegistryErrors.storeError("Schema topic " + topic + " has cleanup.policy=" + policy
                    + "; it must be compact, or old schemas would be deleted", null);
        }
    }

    private void readLoop(Consumer<LogRecord> applier) {
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    applyOne(applier, record);
                }
                long position = consumer.position(partition);
                synchronized (this) {
                    applied = position;
                    notifyAll();
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("Schema log reader stopped", e);
            readerFailure = e;
        } finally {
            synchronized (this) {
                notifyAll();
            }
        }
    }

    private static void applyOne(Consumer<LogRecord> applier, ConsumerRecord<byte[], byte[]> record) {
        if (record.key() == null) {
            return;
        }
        LogRecord decoded;
        try {
            decoded = LogCodec.decode(record.key(), record.value());
        } catch (RuntimeException e) {
            // A record this registry cannot read must not stop it from serving the others.
            LOG.warn("Skipping unreadable record at offset {} of the schema topic: {}", record.offset(), e.getMessage());
            return;
        }
        if (decoded != null) {
            applier.accept(decoded);
        }
    }

    @Override
    public void append(List<LogRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        List<Future<RecordMetadata>> sent = new ArrayList<>(records.size());
        for (LogRecord record : records) {
            sent.add(producer.send(new ProducerRecord<>(topic, 0, LogCodec.key(record), LogCodec.value(record))));
        }
        producer.flush();
        long last;
        try {
            last = -1;
            for (Future<RecordMetadata> future : sent) {
                last = Math.max(last, future.get(writeTimeout.toMillis(), TimeUnit.MILLISECONDS).offset());
            }
        } catch (ExecutionException e) {
            throw RegistryErrors.storeError("Writing to schema topic " + topic + " failed: " + e.getCause().getMessage(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw RegistryErrors.storeTimeout("Writing to schema topic " + topic + " timed out after "
                    + writeTimeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RegistryErrors.storeError("Interrupted while writing to schema topic " + topic, e);
        }
        awaitApplied(last + 1, writeTimeout);
    }

    /** Waits until the reader has applied every record before {@code offset}. */
    private synchronized void awaitApplied(long offset, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (applied < offset) {
            if (readerFailure != null) {
                throw RegistryErrors.storeError("Schema log reader failed: " + readerFailure.getMessage(), readerFailure);
            }
            if (!running) {
                throw RegistryErrors.storeError("Schema log is closed", null);
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw RegistryErrors.storeTimeout("Schema topic " + topic + " was not read back up to offset "
                        + offset + " within " + timeout.toMillis() + " ms");
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw RegistryErrors.storeError("Interrupted while waiting for the schema topic", e);
            }
        }
    }

    @Override
    public void close() {
        running = false;
        if (consumer != null) {
            consumer.wakeup();
        }
        if (reader != null) {
            try {
                reader.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (consumer != null) {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
            consumer = null;
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
        synchronized (this) {
            notifyAll();
        }
    }
}
