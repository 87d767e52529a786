package vn.chibo.pulse.registry.server;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.Reader;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.chibo.pulse.http.AllowedHosts;
import vn.chibo.pulse.http.BasicAuthentication;
import vn.chibo.pulse.registry.client.RegistryException;
import vn.chibo.pulse.registry.internal.InMemorySchemaLog;
import vn.chibo.pulse.registry.internal.KafkaSchemaLog;
import vn.chibo.pulse.registry.internal.RestApi;
import vn.chibo.pulse.registry.internal.SchemaCatalog;
import vn.chibo.pulse.registry.internal.SchemaLog;

/**
 * An embedded schema registry speaking Confluent's REST API, on the JDK's HTTP server. Schemas are
 * kept in a compacted Kafka topic ({@code _schemas}) and replayed on start, so a restart keeps every
 * id, version and delete; without a Kafka bootstrap they are kept in memory only.
 */
public final class SchemaRegistryServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaRegistryServer.class);

    static {
        // The JDK server writes headers and body separately; with Nagle's algorithm on, the body then
        // waits for the client's delayed ACK: ~40 ms per request instead of ~1 ms. The JDK reads this
        // property once, when its first HttpServer in the JVM is created.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final HttpServer http;
    private final ExecutorService executor;
    private final ReadDeadlines deadlines;
    private final SchemaCatalog catalog;
    private final String url;
    private boolean closed;

    private SchemaRegistryServer(HttpServer http, ExecutorService executor, ReadDeadlines deadlines,
            SchemaCatalog catalog, String url) {
        this.http = http;
        this.executor = executor;
        this.deadlines = deadlines;
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
        BasicAuthentication authentication = authentication(config, host);
        RequestGate gate = new RequestGate(config.getList(SchemaRegistryServerConfig.ALLOWED_HOSTS_CONFIG),
                authentication, config.getInt(SchemaRegistryServerConfig.REQUEST_MAX_BYTES_CONFIG));
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

        HttpServer http;
        try {
            http = listener(new InetSocketAddress(host, port), tls);
        } catch (BindException e) {
            catalog.close();
            throw new IllegalStateException("Schema registry cannot listen on " + host + ":" + port
                    + ": the port is already in use (or the address is not local)", e);
        } catch (IOException e) {
            catalog.close();
            throw new IllegalStateException("Schema registry cannot listen on " + host + ":" + port + ": " + e, e);
        }
        ExecutorService executor = workers(config);
        ReadDeadlines deadlines = new ReadDeadlines(config.getInt(SchemaRegistryServerConfig.REQUEST_READ_TIMEOUT_MS_CONFIG));
        http.createContext("/", new RegistryHttpHandler(new RestApi(catalog), gate, deadlines));
        // A request the full queue refuses makes the JDK server close its connection unanswered.
        http.setExecutor(exchange -> executor.execute(deadlines.guard(exchange)));
        http.start();

        String publicHost = isWildcard(host) ? "127.0.0.1" : host;
        String url = (tls == null ? "http://" : "https://") + publicHost + ":" + http.getAddress().getPort();
        LOG.info("Schema registry listening on {} ({})", url,
                bootstrap.isEmpty() ? "in-memory store" : "schemas in Kafka at " + bootstrap);
        return new SchemaRegistryServer(http, executor, deadlines, catalog, url);
    }

    /**
     * The users when authentication is on; without it the server only listens on loopback, where no other
     * machine reaches it.
     */
    private static BasicAuthentication authentication(SchemaRegistryServerConfig config, String host) {
        if (config.basicAuthentication()) {
            return BasicAuthentication.of(config.getList(SchemaRegistryServerConfig.AUTHENTICATION_USERS_CONFIG),
                    config.getString(SchemaRegistryServerConfig.AUTHENTICATION_REALM_CONFIG),
                    SchemaRegistryServerConfig.AUTHENTICATION_USERS_CONFIG);
        }
        if (!AllowedHosts.isLoopback(host)) {
            throw new IllegalStateException("Schema registry refuses to listen on " + (host.isEmpty() ? "every interface" : host)
                    + " without authentication: other machines could change the schemas. Set "
                    + SchemaRegistryServerConfig.AUTHENTICATION_METHOD_CONFIG + "=BASIC and "
                    + SchemaRegistryServerConfig.AUTHENTICATION_USERS_CONFIG + ", or listen on 127.0.0.1.");
        }
        return null;
    }

    /** At most http.threads requests at once and http.queue.size waiting. */
    private static ExecutorService workers(SchemaRegistryServerConfig config) {
        int threads = config.getInt(SchemaRegistryServerConfig.HTTP_THREADS_CONFIG);
        int queue = config.getInt(SchemaRegistryServerConfig.HTTP_QUEUE_SIZE_CONFIG);
        AtomicInteger threadNumber = new AtomicInteger();
        return new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                queue == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(queue),
                r -> {
                    Thread t = new Thread(r, "pulse-registry-http-" + threadNumber.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                },
                new ThreadPoolExecutor.AbortPolicy());
    }

    private static HttpServer listener(InetSocketAddress address, SSLContext tls) throws IOException {
        if (tls == null) {
            return HttpServer.create(address, 64);
        }
        HttpsServer https = HttpsServer.create(address, 64);
        https.setHttpsConfigurator(new HttpsConfigurator(tls));
        return https;
    }

    private static boolean isWildcard(String host) {
        return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]") || host.isEmpty();
    }

    /** The base URL clients use, e.g. {@code http://127.0.0.1:8081}. */
    public String url() {
        return url;
    }

    public int port() {
        return http.getAddress().getPort();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        http.stop(0);
        deadlines.close();
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        catalog.close();
        LOG.info("Schema registry at {} stopped", url);
    }

    /**
     * Runs a registry alone. Arguments: an optional properties file, then {@code key=value} settings
     * (see {@link SchemaRegistryServerConfig}), e.g. {@code kafkastore.bootstrap.servers=127.0.0.1:9092 port=8081}.
     */
    public static void main(String[] args) throws Exception {
        Properties props = new Properties();
        for (String arg : args) {
            if (arg.contains("=")) {
                int eq = arg.indexOf('=');
                props.setProperty(arg.substring(0, eq).trim(), arg.substring(eq + 1).trim());
            } else {
                try (Reader reader = Files.newBufferedReader(Path.of(arg), StandardCharsets.UTF_8)) {
                    Properties file = new Properties();
                    file.load(reader);
                    file.forEach(props::putIfAbsent);
                }
            }
        }
        SchemaRegistryServer server;
        try {
            server = start(new SchemaRegistryServerConfig(props));
        } catch (RuntimeException e) {
            System.err.println(e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "pulse-registry-shutdown"));
        System.out.println("Schema registry ready at " + server.url());
        stopped.await();
    }
}
