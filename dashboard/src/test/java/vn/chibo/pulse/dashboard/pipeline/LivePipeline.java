package vn.chibo.pulse.dashboard.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.RecordMetadata;

import vn.chibo.pulse.domain.EventJson;
import vn.chibo.pulse.domain.EventRules;
import vn.chibo.pulse.domain.ParseResult;
import vn.chibo.pulse.producers.CommunePublisher;
import vn.chibo.pulse.producers.CommunePublisherConfig;
import vn.chibo.pulse.registry.server.SchemaRegistryServer;
import vn.chibo.pulse.sink.SinkConfig;
import vn.chibo.pulse.sink.SinkService;
import vn.chibo.pulse.sink.TestDatabase;
import vn.chibo.pulse.stack.EmbeddedKafka;

/**
 * The real pipeline a browser test runs against, and the one place that knows its endpoints.
 *
 * <p>By default it starts its own: the embedded KRaft broker, the schema registry server, the
 * streams app (in a JVM of its own) and the PostgreSQL sink writing a database of its own on the
 * tests' PostgreSQL (see {@link TestDatabase}), on free ports of 127.0.0.1. Given a properties file (system property
 * {@value #ENDPOINTS_PROPERTY} or environment variable PULSE_IT_ENDPOINTS) it uses a pipeline that
 * is already running instead, e.g. the one of {@code ./pulse up}: keys {@code kafka.bootstrap},
 * {@code registry.url}, {@code streams.url}, and optionally {@code pg.url}, {@code pg.user},
 * {@code pg.password} of the analysts' database the sink writes.
 */
public final class LivePipeline implements AutoCloseable {

    public static final String ENDPOINTS_PROPERTY = "pulse.it.endpoints";

    /** The analysts' PostgreSQL, when the pipeline has a sink writing one. */
    public record Postgres(String url, String user, String password) {}

    private final EmbeddedKafka kafka;
    private final SchemaRegistryServer registry;
    private final StreamsProcess streams;
    private final TestDatabase database;
    private final SinkService sink;
    private final String bootstrap;
    private final String registryUrl;
    private final String streamsUrl;
    private final Postgres postgres;
    private final CommunePublisher publisher;
    private final CommunePublisher unvalidatedPublisher;

    private LivePipeline(EmbeddedKafka kafka, SchemaRegistryServer registry, StreamsProcess streams,
                         TestDatabase database, SinkService sink, String bootstrap,
                         String registryUrl, String streamsUrl, Postgres postgres) {
        this.kafka = kafka;
        this.registry = registry;
        this.streams = streams;
        this.database = database;
        this.sink = sink;
        this.bootstrap = bootstrap;
        this.registryUrl = registryUrl;
        this.streamsUrl = streamsUrl.endsWith("/") ? streamsUrl.substring(0, streamsUrl.length() - 1) : streamsUrl;
        this.postgres = postgres;
        this.publisher = new CommunePublisher(CommunePublisherConfig.of(bootstrap, registryUrl));
        // Lets deliberately invalid events through to the pipeline, whose rejections they exercise.
        this.unvalidatedPublisher = new CommunePublisher(Map.of(
                CommunePublisherConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                CommunePublisherConfig.SCHEMA_REGISTRY_URL_CONFIG, registryUrl,
                CommunePublisherConfig.VALIDATE_EVENTS_CONFIG, false));
    }

    public static LivePipeline start(Path workDir) throws IOException, InterruptedException {
        String file = System.getProperty(ENDPOINTS_PROPERTY, System.getenv("PULSE_IT_ENDPOINTS"));
        if (file != null && !file.isBlank()) {
            return running(Path.of(file));
        }
        return embedded(workDir);
    }

    private static LivePipeline running(Path file) throws IOException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        }
        String pgUrl = p.getProperty("pg.url");
        return new LivePipeline(null, null, null, null, null, required(p, "kafka.bootstrap", file),
                required(p, "registry.url", file),
                required(p, "streams.url", file),
                pgUrl == null || pgUrl.isBlank() ? null
                        : new Postgres(pgUrl, p.getProperty("pg.user"), p.getProperty("pg.password")));
    }

    private static String required(Properties p, String key, Path file) {
        String v = p.getProperty(key);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(file + " lacks " + key);
        }
        return v;
    }

    private static LivePipeline embedded(Path workDir) throws IOException, InterruptedException {
        EmbeddedKafka kafka = EmbeddedKafka.start(workDir.resolve("kafka"));
        SchemaRegistryServer registry = null;
        StreamsProcess streams = null;
        TestDatabase database = null;
        SinkService sink = null;
        try {
            registry = SchemaRegistryServer.start("127.0.0.1", 0, kafka.bootstrapServers());
            // The streams app runs in its own JVM, as it does in a deployment.
            streams = StreamsProcess.start(Map.of(
                    "application.id", "pulse-dashboard-it-" + UUID.randomUUID().toString().substring(0, 8),
                    "bootstrap.servers", kafka.bootstrapServers(),
                    "schema.registry.url", registry.url(),
                    "state.dir", workDir.resolve("streams").toString(),
                    "http.host", "127.0.0.1",
                    "http.port", "0"), Files.createDirectories(Path.of("target")).resolve("live-pipeline-streams.log"));
            String queryUrl = streams.awaitQueryUrl(Duration.ofMinutes(2));
            try {
                database = TestDatabase.create("dashboard");
            } catch (java.sql.SQLException e) {
                throw new IOException("cannot create the sink's database on the tests' PostgreSQL", e);
            }
            sink = SinkService.start(Map.of(
                    SinkConfig.KAFKA_BOOTSTRAP, kafka.bootstrapServers(),
                    SinkConfig.REGISTRY_URL, registry.url(),
                    SinkConfig.PG_URL, database.url(),
                    SinkConfig.GROUP_ID, "pulse-dashboard-it-sink",
                    SinkConfig.METADATA_REFRESH_MS, "1000"));
            if (!sink.awaitRunning(Duration.ofMinutes(1))) {
                throw new IllegalStateException("the sink did not start: " + sink.health());
            }
            // the password beside the URL: the dashboard's configuration prints its URL
            TestDatabase.Login owner = database.login();
            return new LivePipeline(kafka, registry, streams, database, sink, kafka.bootstrapServers(), registry.url(),
                    queryUrl, new Postgres(owner.url(), owner.user(), owner.password()));
        } catch (IOException | RuntimeException | InterruptedException e) {
            stop(sink, database, streams, registry, kafka);
            throw e;
        }
    }

    /** Stops what was started, the last started first; any of them may be absent (null). */
    private static void stop(SinkService sink, TestDatabase database, StreamsProcess streams,
            SchemaRegistryServer registry, EmbeddedKafka kafka) {
        if (sink != null) {
            sink.close();
        }
        if (database != null) {
            try {
                database.close();
            } catch (java.sql.SQLException e) {
                System.err.println("could not drop the test database: " + e.getMessage());
            }
        }
        if (streams != null) {
            streams.close();
        }
        if (registry != null) {
            registry.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    public String kafkaBootstrap() {
        return bootstrap;
    }

    public String registryUrl() {
        return registryUrl;
    }

    /** Base URL of the streams app's interactive queries, without a trailing slash. */
    public String streamsUrl() {
        return streamsUrl;
    }

    public Optional<Postgres> postgres() {
        return Optional.ofNullable(postgres);
    }

    /** The publisher that checks events as commune systems would. */
    public CommunePublisher publisher() {
        return publisher;
    }

    /** A publisher that sends even events the stateless rules refuse. */
    public CommunePublisher unvalidatedPublisher() {
        return unvalidatedPublisher;
    }

    /** Publishes one event written in the interchange format of SPEC §2 and waits for the broker's ack. */
    public RecordMetadata publish(String jsonLine) {
        ParseResult parsed = EventJson.parse(jsonLine, EventRules.today());
        if (!parsed.isAccepted()) {
            throw new IllegalArgumentException("not a valid event: " + parsed.rejection() + ": " + jsonLine);
        }
        try {
            return publisher.publish(parsed.event()).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not publish " + jsonLine, e);
        }
    }

    public static LocalDate today() {
        return EventRules.today();
    }

    @Override
    public void close() {
        publisher.close();
        unvalidatedPublisher.close();
        stop(sink, database, streams, registry, kafka);
    }
}
