package vn.chibo.pulse.streams.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;

import vn.chibo.pulse.http.HttpSettings;

/**
 * Settings of the aggregates app, each declared once with its default and documentation.
 * Any other Kafka Streams or client setting can be given with the prefix {@code streams.}
 * (e.g. {@code streams.max.warmup.replicas=4}); processing.guarantee is always exactly_once_v2.
 */
public final class PulseStreamsConfig extends AbstractConfig {
    public static final String APPLICATION_ID = "application.id";
    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    public static final String STATE_DIR = "state.dir";
    public static final String COMMIT_INTERVAL_MS = "commit.interval.ms";
    public static final String NUM_STREAM_THREADS = "num.stream.threads";
    public static final String CACHE_MAX_BYTES = "statestore.cache.max.bytes";
    public static final String ROCKSDB_MEMORY_MB = "rocksdb.memory.mb";
    public static final String REFERENCE_WAIT_MS = "reference.wait.ms";
    public static final String HTTP_HOST = "http.host";
    public static final String HTTP_PORT = "http.port";
    public static final String APPLICATION_SERVER = "application.server";
    public static final String NUM_STANDBY_REPLICAS = "num.standby.replicas";
    public static final String TOPICS_CREATE = "topics.create";
    public static final String TOPICS_PARTITIONS = "topics.partitions";
    public static final String TOPICS_REPLICATION_FACTOR = "topics.replication.factor";
    public static final String HTTP_PEER_USER = "http.peer.user";
    public static final String HTTP_PEER_PASSWORD = "http.peer.password";
    public static final String STREAMS_PREFIX = "streams.";

    public static final ConfigDef CONFIG = HttpSettings.define(new ConfigDef()
            .define(APPLICATION_ID, Type.STRING, "pulse-aggregates-v2", Importance.HIGH,
                    "Kafka Streams application id: consumer group, prefix of internal topics and of the accepted-reference topic. The -v2 default keeps per-branch state (SPEC v2): an app upgraded from v1 starts under the new id and recomputes everything from the event log.")
            .define(BOOTSTRAP_SERVERS, Type.STRING, "127.0.0.1:9092", Importance.HIGH, "Kafka bootstrap servers.")
            .define(SCHEMA_REGISTRY_URL, Type.STRING, "http://127.0.0.1:8081", Importance.HIGH,
                    "Schema registry of the public topics (event sources, aggregates, rejections).")
            .define(STATE_DIR, Type.STRING, Path.of(System.getProperty("java.io.tmpdir"), "pulse-streams").toString(),
                    Importance.HIGH, "Directory of the local state stores (RocksDB).")
            .define(COMMIT_INTERVAL_MS, Type.LONG, 100L, Range.atLeast(1), Importance.MEDIUM,
                    "How often a transaction commits, and how often the processors send the aggregate deltas they added up:"
                            + " the latency of each hop to the aggregates and the span over which updates collapse.")
            .define(NUM_STREAM_THREADS, Type.INT, 1, Range.atLeast(1), Importance.MEDIUM, "Stream threads of this instance.")
            .define(CACHE_MAX_BYTES, Type.LONG, 32L * 1024 * 1024, Range.atLeast(0), Importance.MEDIUM,
                    "Record cache of all threads, bytes, for the aggregates, their change times, the counters and the delta"
                            + " outboxes: collapses the updates of a row within a commit. It should hold every aggregate row"
                            + " (districts x months); once full, updates go out uncollapsed.")
            .define(ROCKSDB_MEMORY_MB, Type.INT, 256, Range.atLeast(8), Importance.MEDIUM,
                    "Off-heap memory shared by all RocksDB stores of the process (block cache and memtables), MiB.")
            .define(REFERENCE_WAIT_MS, Type.LONG, TopologySettings.DEFAULT_REFERENCE_WAIT.toMillis(), Range.atLeast(0),
                    Importance.MEDIUM,
                    "How long a member or meeting event that names a branch the app does not hold yet waits for reference data"
                            + " (published before it but not yet visible to the app) before it is refused as UNKNOWN_BRANCH,"
                            + " and no event is refused while reference data still arrives (it must have been quiet that long too);"
                            + " later events of the same member or meeting wait behind it. 0 refuses at once.")
            .define(HTTP_HOST, Type.STRING, "127.0.0.1", Importance.MEDIUM, "Address of the interactive-query HTTP server.")
            .define(HTTP_PORT, Type.INT, 0, Range.between(0, 65535), Importance.MEDIUM,
                    "Port of the interactive-query HTTP server; 0 picks a free port (see StreamsService.queryUrl()).")
            .define(APPLICATION_SERVER, Type.STRING, "", Importance.MEDIUM,
                    "host:port at which the other instances of the app reach this one's query server (Kafka Streams'"
                            + " application.server): any instance answers a query by asking those that hold the state."
                            + " Empty: the query server's bound address (this machine's host name when it listens on every interface).")
            .define(NUM_STANDBY_REPLICAS, Type.INT, 0, Range.atLeast(0), Importance.MEDIUM,
                    "Warm copies of each state store kept on other instances, so that one takes over a failed"
                            + " instance's partitions without restoring them from the changelog. Needs as many more instances.")
            .define(TOPICS_CREATE, Type.BOOLEAN, true, Importance.LOW,
                    "Create the pipeline's topics that do not exist yet (existing ones are left as they are).")
            .define(TOPICS_PARTITIONS, Type.INT, 3, Range.atLeast(1), Importance.LOW,
                    "Partitions of pulse.member-events and pulse.meeting-events when this app creates them.")
            .define(TOPICS_REPLICATION_FACTOR, Type.SHORT, (short) 1, Range.atLeast(1), Importance.LOW,
                    "Replication factor of the topics this app creates, internal ones included."),
            QueryServer.SETTINGS_PREFIX, "Pulse streams queries", false)
            .define(HTTP_PEER_USER, Type.STRING, "", Importance.MEDIUM,
                    "User this instance gives when it asks the other instances (/internal/local/...): one of their"
                            + " http.authentication.users. Empty: none (their authentication must be off).")
            .define(HTTP_PEER_PASSWORD, Type.PASSWORD, null, Importance.MEDIUM, "Password of http.peer.user.");

    public PulseStreamsConfig(Map<?, ?> settings) {
        super(CONFIG, settings, false);
    }

    /** The query server's limits, checks and users ({@code http.*}). */
    public HttpSettings httpSettings() {
        return HttpSettings.of(this, QueryServer.SETTINGS_PREFIX);
    }

    /** The Authorization header sent to the other instances, or null without http.peer.user. */
    public String peerAuthorization() {
        String user = getString(HTTP_PEER_USER);
        if (user.isBlank()) {
            return null;
        }
        org.apache.kafka.common.config.types.Password password = getPassword(HTTP_PEER_PASSWORD);
        String userInfo = user + ":" + (password == null ? "" : password.value());
        return "Basic " + java.util.Base64.getEncoder().encodeToString(userInfo.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public String applicationId() {
        return getString(APPLICATION_ID);
    }

    public java.time.Duration referenceWait() {
        return java.time.Duration.ofMillis(getLong(REFERENCE_WAIT_MS));
    }

    public Map<String, Object> registryConfig() {
        return Map.of(SCHEMA_REGISTRY_URL, getString(SCHEMA_REGISTRY_URL));
    }

    public Map<String, Object> adminConfig() {
        Map<String, Object> admin = new java.util.HashMap<>(originalsWithPrefix(STREAMS_PREFIX));
        admin.keySet().removeIf(k -> k.startsWith("consumer.") || k.startsWith("producer.") || k.startsWith("main.consumer.")
                || k.startsWith("restore.consumer.") || k.startsWith("global.consumer."));
        admin.put(BOOTSTRAP_SERVERS, getString(BOOTSTRAP_SERVERS));
        return admin;
    }

    /**
     * What this instance advertises to the others: the setting, or else the query server's bound address
     * (this machine's name when it is bound to every interface, which the others cannot dial).
     */
    public HostInfo applicationServer(InetSocketAddress bound) {
        String configured = getString(APPLICATION_SERVER);
        if (!configured.isBlank()) {
            return HostInfo.buildFromEndpoint(configured);
        }
        if (!bound.getAddress().isAnyLocalAddress()) {
            return new HostInfo(bound.getHostString(), bound.getPort());
        }
        try {
            return new HostInfo(InetAddress.getLocalHost().getHostName(), bound.getPort());
        } catch (UnknownHostException e) {
            throw new ConfigException(APPLICATION_SERVER, "", "cannot name this machine; set it: " + e.getMessage());
        }
    }

    /** Properties of the KafkaStreams instance, advertising {@code queryServer} (host:port) to the other instances. */
    public Properties streamsProperties(HostInfo queryServer) {
        Properties p = new Properties();
        // The app's merged inputs (member events and absences, the branch stage's three inputs, the deltas) need
        // no order between their partitions: sums commute and placements carry their own order. So a task never
        // idles waiting for one empty input (the default would, and checking for it costs on every record).
        p.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
        p.putAll(originalsWithPrefix(STREAMS_PREFIX));
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId());
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, getString(BOOTSTRAP_SERVERS));
        p.put(StreamsConfig.STATE_DIR_CONFIG, getString(STATE_DIR));
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, getLong(COMMIT_INTERVAL_MS));
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, getInt(NUM_STREAM_THREADS));
        p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, queryServer.host() + ":" + queryServer.port());
        p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, getInt(NUM_STANDBY_REPLICAS));
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, getLong(CACHE_MAX_BYTES));
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) getShort(TOPICS_REPLICATION_FACTOR));
        p.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbMemory.class);
        p.put(BoundedRocksDbMemory.MEMORY_MB_CONFIG, getInt(ROCKSDB_MEMORY_MB));
        p.put(StreamsConfig.DEFAULT_TIMESTAMP_EXTRACTOR_CLASS_CONFIG, RecordTimeOrWallClock.class);
        // A new application reads every source from the start: the aggregates are over all events.
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        return p;
    }
}
