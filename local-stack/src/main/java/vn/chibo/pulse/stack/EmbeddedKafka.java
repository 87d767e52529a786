package vn.chibo.pulse.stack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker in KRaft mode (one process acting as broker and controller),
 * running inside this JVM.
 *
 * <p>The data directory keeps the log and the metadata: starting again on the same directory
 * keeps every topic and record. The cluster id is written at the first start (formatting the
 * directory as {@code kafka-storage format} would) and read back afterwards.
 *
 * <p>Settings suit one machine: replication factor 1 for the internal topics (consumer offsets,
 * transaction state), so transactions and Kafka Streams exactly-once work; a small log-cleaner
 * buffer, since the default takes 128 MiB of heap; no initial rebalance delay.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);

    private static final String LOOPBACK = "127.0.0.1";
    private static final int NODE_ID = 1;
    private static final String CLUSTER_ID_FILE = "cluster.id";
    private static final String CONFIG_FILE = "server.properties";
    private static final String LOG_DIR = "logs";

    private final Path dataDir;
    private final int port;
    private final int controllerPort;
    private final KafkaRaftServer server;
    private Admin admin;
    private boolean closed;

    private EmbeddedKafka(Path dataDir, int port, int controllerPort, KafkaRaftServer server) {
        this.dataDir = dataDir;
        this.port = port;
        this.controllerPort = controllerPort;
        this.server = server;
    }

    /** Starts a broker with default options on free ports of 127.0.0.1. */
    public static EmbeddedKafka start(Path dataDir) {
        return start(dataDir, Options.defaults());
    }

    /**
     * Starts a broker on {@code dataDir}, formatting it on first use. Returns once the broker
     * answers requests.
     *
     * @throws KafkaStartException with a one-line message if the broker cannot start, e.g.
     *                             because its port is taken
     */
    public static EmbeddedKafka start(Path dataDir, Options options) {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(options, "options");
        int port = options.port > 0 ? options.port : Ports.free();
        int controllerPort = options.controllerPort > 0 ? options.controllerPort : Ports.free();
        if (options.port > 0 && !Ports.isFree(options.port)) {
            throw new KafkaStartException("Kafka port " + options.port + " on " + LOOPBACK
                    + " is already in use");
        }
        if (options.controllerPort > 0 && !Ports.isFree(options.controllerPort)) {
            throw new KafkaStartException("Kafka controller port " + options.controllerPort + " on "
                    + LOOPBACK + " is already in use");
        }
        Path dir = dataDir.toAbsolutePath();
        Map<String, String> config = brokerConfig(dir, NODE_ID, NODE_ID + "@" + LOOPBACK + ":" + controllerPort, port, controllerPort, 1, options);
        KafkaRaftServer server;
        try {
            Files.createDirectories(dir.resolve(LOG_DIR));
            Path configFile = writeConfig(dir, config);
            format(dir, configFile);
            server = new KafkaRaftServer(new KafkaConfig(config, false), Time.SYSTEM);
        } catch (IOException e) {
            throw new KafkaStartException("Kafka cannot use data directory " + dir + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new KafkaStartException("Kafka cannot start on " + dir + ": " + rootMessage(e), e);
        }
        long started = System.nanoTime();
        try {
            server.startup();
        } catch (RuntimeException e) {
            shutdownQuietly(server);
            throw new KafkaStartException("Kafka failed to start on " + LOOPBACK + ":" + port + ": "
                    + rootMessage(e), e);
        }
        EmbeddedKafka kafka = new EmbeddedKafka(dir, port, controllerPort, server);
        try {
            kafka.awaitReady(options.startTimeout);
        } catch (RuntimeException e) {
            kafka.close();
            throw e;
        }
        log.info("Kafka broker ready at {} in {} ms (data {})", kafka.bootstrapServers(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), dir);
        return kafka;
    }

    /** {@code host:port} of the broker listener, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return LOOPBACK + ":" + port;
    }

    /** The broker's client port; pass it to {@link Options#port(int)} to restart on the same one. */
    public int port() {
        return port;
    }

    /** The KRaft controller's port (internal to the broker). */
    public int controllerPort() {
        return controllerPort;
    }

    public Path dataDir() {
        return dataDir;
    }

    /**
     * Creates a topic unless it exists. {@code configs} are alternating names and values,
     * e.g. {@code "cleanup.policy", "compact"}.
     *
     * @return true if the topic was created, false if it already existed
     */
    public boolean createTopic(String name, int partitions, String... configs) {
        if (configs.length % 2 != 0) {
            throw new IllegalArgumentException("configs must be name/value pairs");
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < configs.length; i += 2) {
            map.put(configs[i], configs[i + 1]);
        }
        return createTopic(name, partitions, map);
    }

    /** Creates a topic unless it exists; see {@link #createTopic(String, int, String...)}. */
    public boolean createTopic(String name, int partitions, Map<String, String> configs) {
        NewTopic topic = new NewTopic(name, partitions, (short) 1).configs(configs);
        try {
            admin().createTopics(java.util.List.of(topic)).all().get(30, TimeUnit.SECONDS);
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                return false;
            }
            throw new IllegalStateException("cannot create topic " + name + ": " + rootMessage(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topic " + name, e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("timed out creating topic " + name, e);
        }
    }

    /** Whether the broker answers a metadata request within a couple of seconds. */
    public boolean isHealthy() {
        try {
            return !admin().describeCluster().nodes().get(2, TimeUnit.SECONDS).isEmpty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | java.util.concurrent.TimeoutException | IllegalStateException e) {
            return false;
        }
    }

    /** Stops the broker cleanly (controlled shutdown, logs flushed); the data stays. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
        shutdownQuietly(server);
        log.info("Kafka broker at {} stopped", bootstrapServers());
    }

    private synchronized Admin admin() {
        if (closed) {
            throw new IllegalStateException("broker is closed");
        }
        if (admin == null) {
            Map<String, Object> config = new HashMap<>();
            config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
            config.put(AdminClientConfig.CLIENT_ID_CONFIG, "embedded-kafka-admin");
            admin = Admin.create(config);
        }
        return admin;
    }

    /** The broker has registered and unfenced itself once it lists itself in the cluster. */
    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (!admin().describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KafkaStartException("interrupted while waiting for Kafka", e);
            } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                last = new RuntimeException(rootMessage(e), e);
            }
            sleep(100);
        }
        throw new KafkaStartException("Kafka at " + bootstrapServers() + " did not become ready within "
                + timeout.toSeconds() + " s" + (last == null ? "" : ": " + last.getMessage()), last);
    }

    /**
     * The settings of one node acting as broker and controller. {@code voters}: the static quorum
     * ({@code id@host:port,...}); {@code replicas}: the replication factor of the internal topics
     * and the default one, with {@code min.insync.replicas} 2 once there are 2 or more.
     */
    static Map<String, String> brokerConfig(Path dir, int nodeId, String voters, int port, int controllerPort, int replicas,
            Options options) {
        String replication = String.valueOf(replicas);
        String minInsync = String.valueOf(Math.min(2, replicas));
        Map<String, String> c = new LinkedHashMap<>();
        c.put("process.roles", "broker,controller");
        c.put("node.id", String.valueOf(nodeId));
        // Static quorum: the controller port may change between runs without reformatting.
        c.put("controller.quorum.voters", voters);
        c.put("listeners", "PLAINTEXT://" + LOOPBACK + ":" + port + ",CONTROLLER://" + LOOPBACK + ":" + controllerPort);
        c.put("advertised.listeners", "PLAINTEXT://" + LOOPBACK + ":" + port);
        c.put("controller.listener.names", "CONTROLLER");
        c.put("inter.broker.listener.name", "PLAINTEXT");
        c.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        c.put("log.dirs", dir.resolve(LOG_DIR).toString());
        c.put("num.partitions", String.valueOf(options.defaultPartitions));
        c.put("default.replication.factor", replication);
        c.put("min.insync.replicas", minInsync);
        c.put("offsets.topic.replication.factor", replication);
        c.put("offsets.topic.num.partitions", "5");
        c.put("transaction.state.log.replication.factor", replication);
        c.put("transaction.state.log.min.isr", minInsync);
        c.put("transaction.state.log.num.partitions", "5");
        c.put("share.coordinator.state.topic.replication.factor", replication);
        c.put("share.coordinator.state.topic.min.isr", minInsync);
        c.put("group.initial.rebalance.delay.ms", "0");
        // The default dedupe buffer is 128 MiB of heap; a few MiB hold ~150k keys per cleaning pass.
        c.put("log.cleaner.dedupe.buffer.size", String.valueOf(4 * 1024 * 1024));
        c.put("log.cleaner.threads", "1");
        // One machine, two cores: fewer threads than a production broker.
        c.put("num.network.threads", "2");
        c.put("num.io.threads", "4");
        c.put("background.threads", "4");
        c.put("num.recovery.threads.per.data.dir", "1");
        c.put("auto.create.topics.enable", String.valueOf(options.autoCreateTopics));
        c.putAll(options.overrides);
        return c;
    }

    static Path writeConfig(Path dir, Map<String, String> config) throws IOException {
        Properties props = new Properties();
        props.putAll(config);
        Path file = dir.resolve(CONFIG_FILE);
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            props.store(out, "written by EmbeddedKafka at each start; the broker reads its settings from code");
        }
        return file;
    }

    /** Formats the log directory on first use, as {@code kafka-storage format} does. */
    static void format(Path dir, Path configFile) throws IOException {
        Path idFile = dir.resolve(CLUSTER_ID_FILE);
        String clusterId;
        if (Files.exists(idFile)) {
            clusterId = Files.readString(idFile, StandardCharsets.UTF_8).trim();
        } else {
            clusterId = Uuid.randomUuid().toString();
        }
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        int status;
        try (PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
            status = StorageTool.execute(new String[] {
                "format", "--config", configFile.toString(), "--cluster-id", clusterId, "--ignore-formatted"
            }, out);
        }
        if (status != 0) {
            throw new IllegalStateException("formatting " + dir + " failed: "
                    + buffer.toString(StandardCharsets.UTF_8).trim());
        }
        if (!Files.exists(idFile)) {
            Files.writeString(idFile, clusterId + System.lineSeparator(), StandardCharsets.UTF_8);
        }
    }

    static void shutdownQuietly(KafkaRaftServer server) {
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException e) {
            log.warn("Kafka broker shutdown failed: {}", rootMessage(e));
        }
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String message = t.getMessage();
        return message == null ? t.getClass().getSimpleName() : message;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaStartException("interrupted while waiting for Kafka", e);
        }
    }

    /** How to start the broker. Immutable; each {@code with} method returns a copy. */
    public static final class Options {
        private final int port;
        private final int controllerPort;
        private final int defaultPartitions;
        private final boolean autoCreateTopics;
        private final Duration startTimeout;
        private final Map<String, String> overrides;

        private Options(int port, int controllerPort, int defaultPartitions, boolean autoCreateTopics,
                        Duration startTimeout, Map<String, String> overrides) {
            this.port = port;
            this.controllerPort = controllerPort;
            this.defaultPartitions = defaultPartitions;
            this.autoCreateTopics = autoCreateTopics;
            this.startTimeout = startTimeout;
            this.overrides = Map.copyOf(overrides);
        }

        /** Free ports, 1 partition per auto-created topic, auto-creation on, 60 s to start. */
        public static Options defaults() {
            return new Options(0, 0, 1, true, Duration.ofSeconds(60), Map.of());
        }

        /** The client port on 127.0.0.1; 0 picks a free one. */
        public Options port(int port) {
            return new Options(checkPort(port), controllerPort, defaultPartitions, autoCreateTopics, startTimeout, overrides);
        }

        /** The KRaft controller port on 127.0.0.1; 0 picks a free one. */
        public Options controllerPort(int controllerPort) {
            return new Options(port, checkPort(controllerPort), defaultPartitions, autoCreateTopics, startTimeout, overrides);
        }

        /** {@code num.partitions}: partitions of a topic created without a count. */
        public Options defaultPartitions(int partitions) {
            if (partitions < 1) {
                throw new IllegalArgumentException("partitions must be at least 1");
            }
            return new Options(port, controllerPort, partitions, autoCreateTopics, startTimeout, overrides);
        }

        /** {@code auto.create.topics.enable}. */
        public Options autoCreateTopics(boolean enabled) {
            return new Options(port, controllerPort, defaultPartitions, enabled, startTimeout, overrides);
        }

        public Options startTimeout(Duration timeout) {
            return new Options(port, controllerPort, defaultPartitions, autoCreateTopics, Objects.requireNonNull(timeout), overrides);
        }

        /** Any other broker setting; it wins over the settings chosen here. */
        public Options brokerConfig(String name, String value) {
            Map<String, String> copy = new LinkedHashMap<>(overrides);
            copy.put(name, value);
            return new Options(port, controllerPort, defaultPartitions, autoCreateTopics, startTimeout, copy);
        }

        private static int checkPort(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            return port;
        }
    }
}
