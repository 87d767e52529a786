package vn.chibo.pulse.registry.server;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.chibo.pulse.http.HttpSettings;
import vn.chibo.pulse.http.WebServer;
import vn.chibo.pulse.launch.Running;
import vn.chibo.pulse.launch.Service;
import vn.chibo.pulse.launch.ServiceLauncher;
import vn.chibo.pulse.registry.client.RegistryException;
import vn.chibo.pulse.registry.internal.InMemorySchemaLog;
import vn.chibo.pulse.registry.internal.KafkaSchemaLog;
import vn.chibo.pulse.registry.internal.RestApi;
import vn.chibo.pulse.registry.internal.SchemaCatalog;
import vn.chibo.pulse.registry.internal.SchemaLog;

/**
 * An embedded schema registry speaking Confluent's REST API, on the shared HTTP layer ({@link WebServer}:
 * Jetty, with its Host check, limits, basic authentication and TLS). Schemas are
 * kept in a compacted Kafka topic ({@code _schemas}) and replayed on start, so a restart keeps every
 * id, version and delete; without a Kafka bootstrap they are kept in memory only.
 */
public final class SchemaRegistryServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaRegistryServer.class);

    private final WebServer http;
    private final SchemaCatalog catalog;
    private final String url;
    private boolean closed;

    private SchemaRegistryServer(WebServer http, SchemaCatalog catalog, String url) {
        this.http = http;
        this.catalog = catalog;
        this.url = url;
    }

    /** Starts a registry on {@code bindHost:port} (0: a free port) storing schemas in Kafka at {@code kafkaBootstrap}. */
    public static SchemaRegistryServer start(String bindHost, int port, String kafkaBootstrap) {
        Map<String, Object> props = new HashMap<>();
        props.put(SchemaRegistryServerConfig.HOST_CONFIG, bindHost);
        props.put(SchemaRegistryServerConfig.PORT_CONFIG, port);
        props.put(SchemaRegistryServerConfig.KAFKASTORE_BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrap);
        return start(new SchemaRegistryServerConfig(props));
    }

    /** Starts a registry that keeps schemas in memory only (lost on close). */
    public static SchemaRegistryServer startInMemory(String bindHost, int port) {
        return start(bindHost, port, "");
    }

    public static SchemaRegistryServer start(SchemaRegistryServerConfig config) {
        String host = config.getString(SchemaRegistryServerConfig.HOST_CONFIG);
        int port = config.getInt(SchemaRegistryServerConfig.PORT_CONFIG);
        HttpSettings settings = httpSettings(config);
        // Refused before anything else is prepared: without authentication only loopback.
        WebServer.requireAuthenticationBeyondLoopback("schema registry", settings, host);
        SSLContext tls = ServerTls.sslContext(config);
        String bootstrap = config.getString(SchemaRegistryServerConfig.KAFKASTORE_BOOTSTRAP_SERVERS_CONFIG).trim();
        SchemaLog log = bootstrap.isEmpty()
                ? new InMemorySchemaLog()
                : new KafkaSchemaLog(bootstrap,
                        config.getString(SchemaRegistryServerConfig.KAFKASTORE_TOPIC_CONFIG),
                        config.getShort(SchemaRegistryServerConfig.KAFKASTORE_TOPIC_REPLICATION_FACTOR_CONFIG),
                        Duration.ofMillis(config.getInt(SchemaRegistryServerConfig.KAFKASTORE_TIMEOUT_MS_CONFIG)),
                        Duration.ofMillis(config.getInt(SchemaRegistryServerConfig.KAFKASTORE_INIT_TIMEOUT_MS_CONFIG)));
        SchemaCatalog catalog = new SchemaCatalog(log, config.defaultLevel());
        try {
            catalog.start();
        } catch (RegistryException e) {
            log.close();
            throw new IllegalStateException("Schema registry cannot start: " + e.registryMessage(), e);
        }

        RestApi api = new RestApi(catalog);
        WebServer http;
        try {
            http = WebServer.builder("schema registry", settings)
                    .handle("/", Set.of("GET", "HEAD", "POST", "PUT", "DELETE"), call -> RequestGate.answer(api, call))
                    .errors(RequestGate::refusal)
                    .encodedSlashes()
                    .tls(tls)
                    .waiting(config.getInt(SchemaRegistryServerConfig.HTTP_QUEUE_SIZE_CONFIG))
                    .start(host, port);
        } catch (RuntimeException e) {
            catalog.close();
            throw e;
        }
        String url = http.url().toString();
        url = url.substring(0, url.length() - 1);
        LOG.info("Schema registry listening on {} ({})", url,
                bootstrap.isEmpty() ? "in-memory store" : "schemas in Kafka at " + bootstrap);
        return new SchemaRegistryServer(http, catalog, url);
    }

    /** The registry's settings, under Confluent's names, as the shared HTTP layer's. */
    private static HttpSettings httpSettings(SchemaRegistryServerConfig config) {
        Map<String, Object> http = new HashMap<>();
        http.put(HttpSettings.ALLOWED_HOSTS, config.getList(SchemaRegistryServerConfig.ALLOWED_HOSTS_CONFIG));
        http.put(HttpSettings.AUTHENTICATION_METHOD, config.getString(SchemaRegistryServerConfig.AUTHENTICATION_METHOD_CONFIG));
        http.put(HttpSettings.AUTHENTICATION_REALM, config.getString(SchemaRegistryServerConfig.AUTHENTICATION_REALM_CONFIG));
        http.put(HttpSettings.AUTHENTICATION_USERS, config.getList(SchemaRegistryServerConfig.AUTHENTICATION_USERS_CONFIG));
        http.put(HttpSettings.REQUEST_MAX_BYTES, config.getInt(SchemaRegistryServerConfig.REQUEST_MAX_BYTES_CONFIG));
        http.put(HttpSettings.REQUEST_TIMEOUT_MS, (long) config.getInt(SchemaRegistryServerConfig.REQUEST_READ_TIMEOUT_MS_CONFIG));
        http.put(HttpSettings.MAX_REQUESTS, config.getInt(SchemaRegistryServerConfig.HTTP_THREADS_CONFIG));
        return HttpSettings.of("", http);
    }

    /** The base URL clients use, e.g. {@code http://127.0.0.1:8081}. */
    public String url() {
        return url;
    }

    public int port() {
        return http.port();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        http.close();
        catalog.close();
        LOG.info("Schema registry at {} stopped", url);
    }

    /**
     * The registry alone, started as every service is ({@link ServiceLauncher}: {@code --help}, {@code --config FILE},
     * {@code key=value}); {@code PULSE_KAFKA_BOOTSTRAP} gives {@code kafkastore.bootstrap.servers}, and without it the
     * schemas are kept in memory.
     */
    public static final Service SERVICE = new Service("registry", SchemaRegistryServerConfig.CONFIG,
            Map.of("PULSE_KAFKA_BOOTSTRAP", SchemaRegistryServerConfig.KAFKASTORE_BOOTSTRAP_SERVERS_CONFIG),
            settings -> {
                SchemaRegistryServer server = start(new SchemaRegistryServerConfig(settings));
                return Running.untilStopped(server, "schema registry ready at " + server.url());
            });

    /** Runs a registry alone until SIGTERM, e.g. {@code kafkastore.bootstrap.servers=127.0.0.1:9092 port=8081}. */
    public static void main(String[] args) {
        ServiceLauncher.main(SERVICE, args);
    }
}
