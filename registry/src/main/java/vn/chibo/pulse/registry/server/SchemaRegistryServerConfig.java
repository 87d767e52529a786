package vn.chibo.pulse.registry.server;

import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import vn.chibo.pulse.registry.client.CompatibilityLevel;

/** Settings of the embedded schema registry server; the store keys are Confluent's. */
public class SchemaRegistryServerConfig extends AbstractConfig {

    public static final String HOST_CONFIG = "host";
    public static final String PORT_CONFIG = "port";
    public static final String KAFKASTORE_BOOTSTRAP_SERVERS_CONFIG = "kafkastore.bootstrap.servers";
    public static final String KAFKASTORE_TOPIC_CONFIG = "kafkastore.topic";
    public static final String KAFKASTORE_TOPIC_REPLICATION_FACTOR_CONFIG = "kafkastore.topic.replication.factor";
    public static final String KAFKASTORE_TIMEOUT_MS_CONFIG = "kafkastore.timeout.ms";
    public static final String KAFKASTORE_INIT_TIMEOUT_MS_CONFIG = "kafkastore.init.timeout.ms";
    public static final String SCHEMA_COMPATIBILITY_LEVEL_CONFIG = "schema.compatibility.level";
    public static final String HTTP_THREADS_CONFIG = "http.threads";
    public static final String HTTP_QUEUE_SIZE_CONFIG = "http.queue.size";
    public static final String REQUEST_MAX_BYTES_CONFIG = "request.max.bytes";
    public static final String REQUEST_READ_TIMEOUT_MS_CONFIG = "request.read.timeout.ms";
    public static final String ALLOWED_HOSTS_CONFIG = "allowed.hosts";
    public static final String AUTHENTICATION_METHOD_CONFIG = "authentication.method";
    public static final String AUTHENTICATION_REALM_CONFIG = "authentication.realm";
    public static final String AUTHENTICATION_USERS_CONFIG = "authentication.users";
    public static final String SSL_KEYSTORE_LOCATION_CONFIG = "ssl.keystore.location";
    public static final String SSL_KEYSTORE_PASSWORD_CONFIG = "ssl.keystore.password";
    public static final String SSL_KEYSTORE_TYPE_CONFIG = "ssl.keystore.type";
    public static final String SSL_KEY_PASSWORD_CONFIG = "ssl.key.password";

    /** No authentication: only allowed on a loopback address. */
    public static final String AUTHENTICATION_NONE = "NONE";
    /** HTTP basic authentication against {@code authentication.users}. */
    public static final String AUTHENTICATION_BASIC = "BASIC";

    public static final ConfigDef CONFIG = new ConfigDef()
            .define(HOST_CONFIG, Type.STRING, "127.0.0.1", Importance.HIGH,
                    "Address the HTTP listener binds to.")
            .define(PORT_CONFIG, Type.INT, 8081, ConfigDef.Range.between(0, 65535), Importance.HIGH,
                    "Port of the HTTP listener; 0 picks a free port.")
            .define(KAFKASTORE_BOOTSTRAP_SERVERS_CONFIG, Type.STRING, "", Importance.HIGH,
                    "Kafka bootstrap servers of the cluster holding the schema topic. Empty: schemas are kept in "
                            + "memory only and are lost when the server stops.")
            .define(KAFKASTORE_TOPIC_CONFIG, Type.STRING, "_schemas", Importance.MEDIUM,
                    "The compacted, single-partition topic the schemas are kept in (created if missing).")
            .define(KAFKASTORE_TOPIC_REPLICATION_FACTOR_CONFIG, Type.SHORT, (short) 3, ConfigDef.Range.atLeast(1),
                    Importance.MEDIUM,
                    "Replication factor of the schema topic when it is created, lowered to the number of brokers.")
            .define(KAFKASTORE_TIMEOUT_MS_CONFIG, Type.INT, 10_000, ConfigDef.Range.atLeast(1), Importance.LOW,
                    "How long a write may take to be acknowledged and read back before it fails with 50002.")
            .define(KAFKASTORE_INIT_TIMEOUT_MS_CONFIG, Type.INT, 60_000, ConfigDef.Range.atLeast(1), Importance.LOW,
                    "How long preparing and replaying the schema topic at start may take.")
            .define(SCHEMA_COMPATIBILITY_LEVEL_CONFIG, Type.STRING, CompatibilityLevel.BACKWARD.name(),
                    (name, value) -> {
                        if (CompatibilityLevel.forName((String) value).isEmpty()) {
                            throw new org.apache.kafka.common.config.ConfigException(name, value,
                                    "not one of NONE, BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, "
                                            + "FULL, FULL_TRANSITIVE");
                        }
                    }, Importance.MEDIUM,
                    "The global compatibility level until one is set with PUT /config.")
            .define(HTTP_THREADS_CONFIG, Type.INT, 8, ConfigDef.Range.atLeast(1), Importance.LOW,
                    "Requests answered at once.")
            .define(HTTP_QUEUE_SIZE_CONFIG, Type.INT, 64, ConfigDef.Range.atLeast(0), Importance.LOW,
                    "Requests that may wait (up to a second) for one of those; one more is answered 503 (clients "
                            + "retry).")
            .define(REQUEST_MAX_BYTES_CONFIG, Type.INT, 1_048_576, ConfigDef.Range.atLeast(1), Importance.LOW,
                    "Largest request body accepted, in bytes (1 MiB); a larger one is answered 413 unread.")
            .define(REQUEST_READ_TIMEOUT_MS_CONFIG, Type.INT, 30_000, ConfigDef.Range.atLeast(1), Importance.LOW,
                    "A connection on which nothing moves this long (a client sending its request slowly) is closed.")
            .define(ALLOWED_HOSTS_CONFIG, Type.LIST, "", Importance.MEDIUM,
                    "Names (or addresses) clients may call the server by, as the Host header gives them without "
                            + "the port; other Host headers are answered 400 (a defence against DNS rebinding). Empty: on a "
                            + "loopback address localhost, 127.0.0.1 and ::1; beyond loopback any.")
            .define(AUTHENTICATION_METHOD_CONFIG, Type.STRING, AUTHENTICATION_NONE,
                    ConfigDef.CaseInsensitiveValidString.in(AUTHENTICATION_NONE, AUTHENTICATION_BASIC), Importance.HIGH,
                    "NONE, or BASIC: every request needs HTTP basic credentials of authentication.users (401 "
                            + "without). Without authentication the server refuses to listen on an address other "
                            + "than loopback.")
            .define(AUTHENTICATION_REALM_CONFIG, Type.STRING, "SchemaRegistry", Importance.LOW,
                    "Realm named in the WWW-Authenticate header of a 401 answer.")
            .define(AUTHENTICATION_USERS_CONFIG, Type.LIST, "", Importance.HIGH,
                    "With BASIC: the users, comma-separated, each name:hash where hash is the PBKDF2 hash of the "
                            + "password that `./pulse hash-password` (vn.chibo.pulse.http.PasswordHash) prints "
                            + "(pbkdf2-sha256:iterations:salt:hash); never the password itself.")
            .define(SSL_KEYSTORE_LOCATION_CONFIG, Type.STRING, null, Importance.MEDIUM,
                    "Key store holding the server's key and certificate chain: the server then speaks HTTPS "
                            + "only. None: plain HTTP.")
            .define(SSL_KEYSTORE_PASSWORD_CONFIG, Type.PASSWORD, null, Importance.MEDIUM,
                    "Password of the key store.")
            .define(SSL_KEYSTORE_TYPE_CONFIG, Type.STRING, "JKS", Importance.LOW,
                    "Type of the key store: JKS or PKCS12 (the JDK reads either as JKS).")
            .define(SSL_KEY_PASSWORD_CONFIG, Type.PASSWORD, null, Importance.LOW,
                    "Password of the key in the key store; none: the key store's password.");

    public SchemaRegistryServerConfig(Map<?, ?> originals) {
        super(CONFIG, originals, false);
    }

    public boolean basicAuthentication() {
        return getString(AUTHENTICATION_METHOD_CONFIG).equalsIgnoreCase(AUTHENTICATION_BASIC);
    }

    public CompatibilityLevel defaultLevel() {
        return CompatibilityLevel.forName(getString(SCHEMA_COMPATIBILITY_LEVEL_CONFIG)).orElseThrow();
    }
}
