package vn.chibo.pulse.cli.up;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import vn.chibo.pulse.cli.Endpoints;
import vn.chibo.pulse.domain.Topics;
import vn.chibo.pulse.registry.server.SchemaRegistryServer;
import vn.chibo.pulse.registry.server.SchemaRegistryServerConfig;
import vn.chibo.pulse.stack.EmbeddedKafka;
import vn.chibo.pulse.stack.LocalPostgres;

/** The infrastructure of the local pipeline: broker, topics, schema registry, PostgreSQL. */
final class CoreComponents {

    /** Kafka keeps records this long by default; events are the record of truth, so keep them for good. */
    private static final String FOREVER = "-1";
    private static final String LOOPBACK = "127.0.0.1";

    private CoreComponents() {
    }

    /** The broker, with data under {@code .pulse/kafka}, and the pipeline's topics. */
    static Component kafka(StackContext context) {
        UpConfig config = context.config();
        EmbeddedKafka kafka = EmbeddedKafka.start(context.dataDir("kafka"), EmbeddedKafka.Options.defaults()
                .port(config.kafkaPort())
                .controllerPort(config.kafkaControllerPort()));
        try {
            createTopics(kafka, config.eventPartitions());
        } catch (RuntimeException e) {
            kafka.close();
            throw e;
        }
        return Component.of("kafka", kafka, Map.of(Endpoints.KAFKA_BOOTSTRAP, kafka.bootstrapServers()),
                () -> kafka.isHealthy() ? Health.up() : Health.down("the broker does not answer"));
    }

    /** Creates the pipeline's topics unless they exist (a second run keeps the first's). */
    private static void createTopics(EmbeddedKafka kafka, int partitions) {
        // One partition keeps reference data in the order it was loaded. = context.config().eventPartitions();
        // One partition keeps reference data in the order it was loaded.
        kafka.createTopic(Topics.REFERENCE, 1, "cleanup.policy", "compact");
        kafka.createTopic(Topics.MEMBER_EVENTS, partitions, "retention.ms", FOREVER);
        kafka.createTopic(Topics.MEETING_EVENTS, partitions, "retention.ms", FOREVER);
        kafka.createTopic(Topics.REJECTED, partitions, "retention.ms", FOREVER);
        for (String aggregate : Topics.AGGREGATES) {
            kafka.createTopic(aggregate, partitions, "cleanup.policy", "compact");
        }
    }

    /** The schema registry, keeping its schemas in the broker's {@code _schemas} topic. */
    static Component registry(StackContext context) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put(SchemaRegistryServerConfig.HOST_CONFIG, LOOPBACK);
        settings.put(SchemaRegistryServerConfig.PORT_CONFIG, context.config().registryPort());
        settings.put(SchemaRegistryServerConfig.KAFKASTORE_BOOTSTRAP_SERVERS_CONFIG, context.endpoint(Endpoints.KAFKA_BOOTSTRAP));
        settings.put(SchemaRegistryServerConfig.KAFKASTORE_TOPIC_REPLICATION_FACTOR_CONFIG, (short) 1);
        settings.put(SchemaRegistryServerConfig.HTTP_THREADS_CONFIG, 4);
        SchemaRegistryServer registry = SchemaRegistryServer.start(new SchemaRegistryServerConfig(settings));
        return Component.of("registry", registry, Map.of(Endpoints.REGISTRY_URL, registry.url()),
                () -> answers(registry.url() + "/config") ? Health.up() : Health.down("no answer at " + registry.url()));
    }

    /** Whether an HTTP GET gets a 200 within a couple of seconds. */
    private static boolean answers(String url) {
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
            connection.setConnectTimeout(2000);
            connection.setReadTimeout(2000);
            try {
                return connection.getResponseCode() == 200;
            } finally {
                connection.disconnect();
            }
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The PostgreSQL named by {@code --pg-url} / {@code PULSE_PG_URL} if given, else one this
     * process starts with its data under {@code .pulse/postgres}.
     */
    static Component postgres(StackContext context, Map<String, String> given) {
        String url = given.get(Endpoints.PG_URL);
        LocalPostgres postgres = url != null
                ? LocalPostgres.connect(url, given.get(Endpoints.PG_USER), given.get(Endpoints.PG_PASSWORD))
                : LocalPostgres.startEmbedded(context.dataDir("postgres"), context.config().pgPort());
        Map<String, String> endpoints = new LinkedHashMap<>();
        endpoints.put(Endpoints.PG_URL, postgres.url());
        endpoints.put(Endpoints.PG_USER, postgres.user() == null ? "" : postgres.user());
        endpoints.put(Endpoints.PG_PASSWORD, postgres.password() == null ? "" : postgres.password());
        return Component.of("postgres", postgres, endpoints,
                () -> postgres.isHealthy() ? Health.up() : Health.down("PostgreSQL does not answer at " + LocalPostgres.masked(postgres.url())));
    }
}
