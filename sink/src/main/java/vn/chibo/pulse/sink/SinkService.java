package vn.chibo.pulse.sink;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import vn.chibo.pulse.domain.DeadLetters;
import vn.chibo.pulse.http.HttpSettings;
import vn.chibo.pulse.http.WebServer;
import vn.chibo.pulse.registry.serde.KafkaAvroDeserializer;
import vn.chibo.pulse.registry.serde.KafkaAvroSerializer;
import vn.chibo.pulse.sink.internal.AggregateDecoder;
import vn.chibo.pulse.sink.internal.DeadLetterPublisher;
import vn.chibo.pulse.sink.internal.HealthEndpoint;
import vn.chibo.pulse.sink.internal.HealthState;
import vn.chibo.pulse.sink.internal.SinkMetrics;
import vn.chibo.pulse.sink.internal.ReportingWriter;
import vn.chibo.pulse.sink.internal.SinkLoop;

/**
 * The PostgreSQL sink: keeps the {@code reporting} tables equal to the compacted aggregate
 * topics, exactly once. Start it, ask its {@link #health()}, {@link #close()} it:
 *
 * <pre>
 * try (SinkService sink = SinkService.start(Map.of("kafka.bootstrap", "127.0.0.1:9092",
 *         "registry.url", "http://127.0.0.1:8081", "pg.url", "jdbc:postgresql://127.0.0.1:5432/pulse"))) {
 *     ...
 * }
 * </pre>
 *
 * Settings are those of {@link SinkConfig}. Runs one thread. Sinks of one {@code group.id} and
 * database share the aggregate partitions as a consumer group; the offsets stored with each batch keep
 * a sink that lost a partition from writing it again.
 */
public final class SinkService implements AutoCloseable {

    private final SinkLoop loop;
    private final HealthState health;
    private final Thread thread;
    private final HealthEndpoint endpoint;
    private final SinkMetrics metrics;
    private final AtomicBoolean closed = new AtomicBoolean();

    private SinkService(SinkLoop loop, HealthState health, HealthEndpoint endpoint, SinkMetrics metrics) {
        this.loop = loop;
        this.metrics = metrics;
        this.health = health;
        this.endpoint = endpoint;
        this.thread = new Thread(loop, "pulse-sink");
    }

    /**
     * Validates the settings (a {@link org.apache.kafka.common.config.ConfigException} if wrong)
     * and starts the sink in the background: it migrates the database (unless pg.migrate=false),
     * then consumes. It keeps trying while PostgreSQL is not there yet; see {@link #health()}.
     */
    public static SinkService start(Map<String, ?> settings) {
        SinkConfig config = new SinkConfig(settings);
        int port = config.getInt(SinkConfig.HEALTH_PORT);
        HttpSettings healthSettings = port >= 0 ? config.healthSettings() : null;
        if (port >= 0) {
            // before anything connects: a health endpoint beyond loopback without authentication is refused
            WebServer.requireAuthenticationBeyondLoopback("sink health endpoint", healthSettings,
                    config.getString(SinkConfig.HEALTH_HOST));
        }
        String sinkName = config.getString(SinkConfig.GROUP_ID);
        String clientId = config.getString(SinkConfig.CLIENT_ID);

        ReportingWriter writer = new ReportingWriter(config.jdbcUrl(),
                ReportingWriter.connectionProperties(config.getString(SinkConfig.PG_USER), config.pgPassword(),
                        config.getInt(SinkConfig.PG_CONNECT_TIMEOUT_MS), config.getInt(SinkConfig.PG_SOCKET_TIMEOUT_MS),
                        clientId),
                sinkName);
        Deserializer<Object> values = new KafkaAvroDeserializer();
        values.configure(registrySettings(config), false);
        KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(consumerSettings(config), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        DeadLetterPublisher deadLetters = new DeadLetterPublisher(writer, () -> deadLetterProducer(config),
                () -> deadLetterMaxBytes(config), config.getString(SinkConfig.DEAD_LETTER_TOPIC));

        SinkLoop.Migration migration = config.getBoolean(SinkConfig.PG_MIGRATE)
                ? () -> ReportingSchema.migrate(config.jdbcUrl(), config.getString(SinkConfig.PG_USER), config.pgPassword())
                : () -> { };
        HealthState health = new HealthState(Clock.systemUTC());
        SinkLoop loop = new SinkLoop(consumer, writer, new AggregateDecoder(values), deadLetters, health, migration,
                new SinkLoop.Timings(
                        Duration.ofMillis(config.getLong(SinkConfig.POLL_TIMEOUT_MS)),
                        Duration.ofMillis(config.getLong(SinkConfig.IDLE_CHECK_MS)),
                        Duration.ofMillis(config.getLong(SinkConfig.METADATA_REFRESH_MS)),
                        config.getLong(SinkConfig.BACKOFF_MIN_MS),
                        config.getLong(SinkConfig.BACKOFF_MAX_MS)));

        HealthEndpoint endpoint = null;
        SinkMetrics metrics = null;
        if (port >= 0) {
            metrics = new SinkMetrics(consumer, health);
            try {
                endpoint = new HealthEndpoint(config.getString(SinkConfig.HEALTH_HOST), port, healthSettings,
                        health::snapshot, metrics::scrape);
            } catch (IllegalStateException e) {
                // the port is taken: says so, naming it
                consumer.close();
                metrics.close();
                throw e;
            }
        }
        SinkService service = new SinkService(loop, health, endpoint, metrics);
        service.thread.start();
        return service;
    }

    /** Current health; only {@link SinkHealth.Status#RUNNING} is healthy. */
    public SinkHealth health() {
        return health.snapshot();
    }

    /** URL of GET /health, when {@code health.port} is not -1. */
    public Optional<URI> healthEndpoint() {
        return Optional.ofNullable(endpoint).map(HealthEndpoint::uri);
    }

    /**
     * Waits until the sink has connected and migrated (RUNNING), or has stopped. Returns whether
     * it is running.
     */
    public boolean awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            SinkHealth.Status s = health.status();
            if (s == SinkHealth.Status.RUNNING) {
                return true;
            }
            if (s == SinkHealth.Status.STOPPED || s == SinkHealth.Status.FAILED) {
                return false;
            }
            Thread.sleep(20);
        }
        return health.status() == SinkHealth.Status.RUNNING;
    }

    /** Blocks until the sink has stopped (closed, or failed). */
    public void awaitTermination() throws InterruptedException {
        thread.join();
    }

    /** Stops consuming; what was committed stays, what was not is read again by the next start. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            loop.close(Duration.ofSeconds(15));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (endpoint != null) {
                endpoint.close();
                metrics.close();
            }
        }
    }

    private static Map<String, Object> registrySettings(SinkConfig config) {
        Map<String, Object> registry = new HashMap<>();
        registry.put("schema.registry.url", config.getString(SinkConfig.REGISTRY_URL));
        registry.put("specific.avro.reader", true);
        return registry;
    }

    private static Map<String, Object> consumerSettings(SinkConfig config) {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.getString(SinkConfig.KAFKA_BOOTSTRAP));
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, config.getString(SinkConfig.CLIENT_ID) + "-consumer");
        c.put(ConsumerConfig.GROUP_ID_CONFIG, config.getString(SinkConfig.GROUP_ID));
        // the streams app writes the aggregates in transactions: never see an aborted one
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.getInt(SinkConfig.BATCH_SIZE));
        // topics the streams app creates later join the subscription at the next metadata refresh
        c.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, (int) Math.min(Integer.MAX_VALUE, config.getLong(SinkConfig.METADATA_REFRESH_MS)));
        // a killed sink's partitions go to the others within seconds, not the default 45
        c.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
        c.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000);
        // the aggregate topics are compacted and made by the streams app; never create them by asking
        c.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        c.putAll(config.consumerOverrides());
        return c;
    }

    private static Producer<String, Object> deadLetterProducer(SinkConfig config) {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.getString(SinkConfig.KAFKA_BOOTSTRAP));
        p.put(ProducerConfig.CLIENT_ID_CONFIG, config.getString(SinkConfig.CLIENT_ID) + "-dead-letters");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        p.putAll(config.producerOverrides());
        Serializer<Object> values = new KafkaAvroSerializer();
        values.configure(registrySettings(config), false);
        return new KafkaProducer<>(p, new StringSerializer(), values);
    }

    /** The dead-letter topic's max.message.bytes as the broker has it, or the producer's max.request.size if smaller, less a margin. */
    private static int deadLetterMaxBytes(SinkConfig config) {
        Map<String, Object> a = new HashMap<>(config.producerOverrides());
        Object request = a.getOrDefault(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 1_048_576);
        a.keySet().retainAll(AdminClientConfig.configNames());
        a.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.getString(SinkConfig.KAFKA_BOOTSTRAP));
        ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, config.getString(SinkConfig.DEAD_LETTER_TOPIC));
        try (Admin admin = Admin.create(a)) {
            Config described = admin.describeConfigs(List.of(topic)).all().get(30, TimeUnit.SECONDS).get(topic);
            int topicMax = Integer.parseInt(described.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG).value());
            return DeadLetters.budget(Integer.parseInt(request.toString()), topicMax);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read max.message.bytes of " + topic.name() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the config of " + topic.name(), e);
        }
    }
}
