package vn.chibo.pulse.sink;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import vn.chibo.pulse.domain.Topics;
import vn.chibo.pulse.http.HttpSettings;

/**
 * Settings of the PostgreSQL sink, each declared once with its default and documentation.
 * Keys {@code kafka.bootstrap}, {@code registry.url}, {@code pg.url}, {@code pg.user} and
 * {@code pg.password} are those of {@code .pulse/endpoints.properties} (SPEC.md §5), so that
 * file can be handed over as it is. Anything under {@code consumer.} or {@code producer.} is
 * passed to the Kafka consumer or the dead-letter producer (e.g. {@code consumer.fetch.max.bytes}).
 */
public final class SinkConfig extends AbstractConfig {

    public static final String KAFKA_BOOTSTRAP = "kafka.bootstrap";
    public static final String REGISTRY_URL = "registry.url";
    public static final String PG_URL = "pg.url";
    public static final String PG_USER = "pg.user";
    public static final String PG_PASSWORD = "pg.password";
    public static final String PG_MIGRATE = "pg.migrate";
    public static final String PG_CONNECT_TIMEOUT_MS = "pg.connect.timeout.ms";
    public static final String PG_SOCKET_TIMEOUT_MS = "pg.socket.timeout.ms";
    public static final String GROUP_ID = "group.id";
    public static final String CLIENT_ID = "client.id";
    public static final String BATCH_SIZE = "batch.size";
    public static final String POLL_TIMEOUT_MS = "poll.timeout.ms";
    public static final String BACKOFF_MIN_MS = "backoff.min.ms";
    public static final String BACKOFF_MAX_MS = "backoff.max.ms";
    public static final String IDLE_CHECK_MS = "idle.check.ms";
    public static final String METADATA_REFRESH_MS = "metadata.refresh.ms";
    public static final String DEAD_LETTER_TOPIC = "dead.letter.topic";
    public static final String HEALTH_PORT = "health.port";
    public static final String HEALTH_HOST = "health.host";

    public static final String CONSUMER_PREFIX = "consumer.";
    public static final String PRODUCER_PREFIX = "producer.";

    /** The prefix of the settings of the health endpoint's HTTP entrance (limits, checks, users), see {@link HttpSettings}. */
    public static final String HEALTH_PREFIX = "health.";

    private static final ConfigDef DEFINITION = HttpSettings.define(new ConfigDef()
            .define(KAFKA_BOOTSTRAP, Type.STRING, "127.0.0.1:9092", Importance.HIGH,
                    "Kafka bootstrap servers (host:port,...) holding the aggregate topics.")
            .define(REGISTRY_URL, Type.STRING, "http://127.0.0.1:8081", Importance.HIGH,
                    "Schema registry URL used to decode the Avro values and to encode dead letters.")
            .define(PG_URL, Type.STRING, "jdbc:postgresql://127.0.0.1:5432/postgres", Importance.HIGH,
                    "JDBC URL of the analysts' PostgreSQL database (a postgresql:// URL is accepted too).")
            .define(PG_USER, Type.STRING, "postgres", Importance.HIGH,
                    "PostgreSQL user. With pg.migrate=true it must be allowed to create schemas and roles; "
                            + "otherwise a member of pulse_writer is enough. Empty: taken from pg.url.")
            .define(PG_PASSWORD, Type.PASSWORD, "", Importance.HIGH,
                    "PostgreSQL password (empty: none, or taken from pg.url).")
            .define(PG_MIGRATE, Type.BOOLEAN, true, Importance.MEDIUM,
                    "Apply the Flyway migrations (schema reporting, views, roles) before consuming.")
            .define(PG_CONNECT_TIMEOUT_MS, Type.INT, 5_000, Range.atLeast(1_000), Importance.LOW,
                    "Give up one attempt to connect to PostgreSQL after this long (then back off and retry).")
            .define(PG_SOCKET_TIMEOUT_MS, Type.INT, 60_000, Range.atLeast(1_000), Importance.LOW,
                    "Treat a PostgreSQL server that does not answer a statement for this long as down.")
            .define(GROUP_ID, Type.STRING, "pulse-sink", Importance.MEDIUM,
                    "Name of this sink: the Kafka consumer group of the sinks of this name, which share the aggregate "
                            + "partitions, and the key of their offsets in pulse_sink.kafka_offsets (the only offsets they trust; "
                            + "those reported to Kafka are for monitoring tools).")
            .define(CLIENT_ID, Type.STRING, "pulse-sink", Importance.LOW,
                    "Kafka client id prefix of the consumer and the dead-letter producer.")
            .define(BATCH_SIZE, Type.INT, 1_000, Range.between(1, 100_000), Importance.MEDIUM,
                    "Most records read and written per PostgreSQL transaction (Kafka max.poll.records).")
            .define(POLL_TIMEOUT_MS, Type.LONG, 200L, Range.atLeast(1), Importance.LOW,
                    "How long one poll of Kafka waits for records.")
            .define(BACKOFF_MIN_MS, Type.LONG, 100L, Range.atLeast(1), Importance.MEDIUM,
                    "First wait before retrying after PostgreSQL or the registry failed; doubles on each failure.")
            .define(BACKOFF_MAX_MS, Type.LONG, 10_000L, Range.atLeast(1), Importance.MEDIUM,
                    "Longest wait between retries.")
            .define(IDLE_CHECK_MS, Type.LONG, 5_000L, Range.atLeast(100), Importance.LOW,
                    "When no records arrive, check that PostgreSQL is still reachable this often, so health "
                            + "reports an outage before there is something to write.")
            .define(METADATA_REFRESH_MS, Type.LONG, 10_000L, Range.atLeast(100), Importance.LOW,
                    "How often to look for aggregate topics or partitions that did not exist yet.")
            .define(DEAD_LETTER_TOPIC, Type.STRING, Topics.REJECTED, Importance.MEDIUM,
                    "Topic that receives records the sink cannot write, as RejectedEvent with rejectedBy=sink.")
            .define(HEALTH_PORT, Type.INT, -1, Range.atLeast(-1), Importance.LOW,
                    "Port of the HTTP endpoint GET /health and /health/ready (200 healthy, 503 not), /health/live (503 once stopped for good) and /metrics (Prometheus): -1 none, 0 any free port.")
            .define(HEALTH_HOST, Type.STRING, "127.0.0.1", Importance.LOW,
                    "Address the health endpoint binds to. Any other than loopback (0.0.0.0 in a container) needs"
                            + " health.authentication.method=BASIC; the probes /health/ready and /health/live answer"
                            + " without credentials, /health and /metrics ask for them."),
            HEALTH_PREFIX, "Pulse sink", false);

    public SinkConfig(Map<?, ?> settings) {
        super(DEFINITION, settings, false);
        if (getLong(BACKOFF_MAX_MS) < getLong(BACKOFF_MIN_MS)) {
            throw new ConfigException(BACKOFF_MAX_MS, getLong(BACKOFF_MAX_MS),
                    "must not be below " + BACKOFF_MIN_MS + " (" + getLong(BACKOFF_MIN_MS) + ")");
        }
        String url = jdbcUrl();
        if (!url.startsWith("jdbc:postgresql:")) {
            // not the value: it may carry a password
            throw new ConfigException(PG_URL + " is not a PostgreSQL URL (jdbc:postgresql://host:port/database or postgresql://…)");
        }
    }

    /** The declaration of every setting, e.g. to print them as a table. */
    public static ConfigDef definition() {
        return new ConfigDef(DEFINITION);
    }

    /** {@code pg.url} as a JDBC URL, whether it was given as jdbc:postgresql:// or postgresql://. */
    public String jdbcUrl() {
        String url = getString(PG_URL).trim();
        if (url.startsWith("postgresql://") || url.startsWith("postgres://")) {
            return "jdbc:postgresql://" + url.substring(url.indexOf("://") + 3);
        }
        return url;
    }

    /** The health endpoint's HTTP entrance: limits, Host check, users ({@code health.*}). */
    public HttpSettings healthSettings() {
        return HttpSettings.of(this, HEALTH_PREFIX);
    }

    public String pgPassword() {
        Password password = getPassword(PG_PASSWORD);
        return password == null ? "" : password.value();
    }

    /** Overrides for the Kafka consumer ({@code consumer.*} without the prefix). */
    public Map<String, Object> consumerOverrides() {
        return new LinkedHashMap<>(originalsWithPrefix(CONSUMER_PREFIX));
    }

    /** Overrides for the dead-letter producer ({@code producer.*} without the prefix). */
    public Map<String, Object> producerOverrides() {
        return new LinkedHashMap<>(originalsWithPrefix(PRODUCER_PREFIX));
    }
}
