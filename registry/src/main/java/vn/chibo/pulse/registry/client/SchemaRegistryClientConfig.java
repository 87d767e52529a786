package vn.chibo.pulse.registry.client;

import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/** Settings of {@link CachedSchemaRegistryClient}; the serde configs include them all. */
public class SchemaRegistryClientConfig extends AbstractConfig {

    public static final String SCHEMA_REGISTRY_URL_CONFIG = "schema.registry.url";
    public static final String MAX_SCHEMAS_PER_SUBJECT_CONFIG = "max.schemas.per.subject";
    public static final String MAX_RETRIES_CONFIG = "max.retries";
    public static final String RETRIES_WAIT_MS_CONFIG = "retries.wait.ms";
    public static final String RETRIES_MAX_WAIT_MS_CONFIG = "retries.max.wait.ms";
    public static final String HTTP_CONNECT_TIMEOUT_MS_CONFIG = "http.connect.timeout.ms";
    public static final String HTTP_READ_TIMEOUT_MS_CONFIG = "http.read.timeout.ms";
    public static final String LATEST_CACHE_TTL_SEC_CONFIG = "latest.cache.ttl.sec";
    public static final String BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG = "basic.auth.credentials.source";
    public static final String USER_INFO_CONFIG = "basic.auth.user.info";
    public static final String SSL_TRUSTSTORE_LOCATION_CONFIG = "schema.registry.ssl.truststore.location";
    public static final String SSL_TRUSTSTORE_PASSWORD_CONFIG = "schema.registry.ssl.truststore.password";
    public static final String SSL_TRUSTSTORE_TYPE_CONFIG = "schema.registry.ssl.truststore.type";

    /** Credentials from the URL's user info, {@code http://user:password@host:8081}. */
    public static final String CREDENTIALS_FROM_URL = "URL";
    /** Credentials from {@code basic.auth.user.info}. */
    public static final String CREDENTIALS_FROM_USER_INFO = "USER_INFO";

    /** Adds the client's settings to a definition (the serde configs extend this one). */
    public static ConfigDef addClientSettings(ConfigDef def) {
        return def
                .define(SCHEMA_REGISTRY_URL_CONFIG, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, Importance.HIGH,
                        "Comma-separated URLs of the schema registry (tried in turn on failures), or mock://<scope> "
                                + "for a registry held in this JVM and shared by every client of that scope.")
                .define(MAX_SCHEMAS_PER_SUBJECT_CONFIG, Type.INT, CachedSchemaRegistryClient.DEFAULT_CACHE_CAPACITY,
                        ConfigDef.Range.atLeast(1), Importance.LOW,
                        "How many schemas per subject the client keeps in its caches.")
                .define(MAX_RETRIES_CONFIG, Type.INT, 3, ConfigDef.Range.atLeast(0), Importance.LOW,
                        "Retries of a request after a connection error, a 5xx answer, 408 or 429. Other 4xx answers "
                                + "are never retried.")
                .define(RETRIES_WAIT_MS_CONFIG, Type.LONG, 100L, ConfigDef.Range.atLeast(0), Importance.LOW,
                        "Wait before the first retry; doubled before each further one.")
                .define(RETRIES_MAX_WAIT_MS_CONFIG, Type.LONG, 5_000L, ConfigDef.Range.atLeast(0), Importance.LOW,
                        "Upper bound of the wait between retries.")
                .define(HTTP_CONNECT_TIMEOUT_MS_CONFIG, Type.INT, 10_000, ConfigDef.Range.atLeast(1), Importance.LOW,
                        "Timeout for opening a connection to the registry.")
                .define(HTTP_READ_TIMEOUT_MS_CONFIG, Type.INT, 30_000, ConfigDef.Range.atLeast(1), Importance.LOW,
                        "Timeout for one request to the registry, answer included.")
                .define(LATEST_CACHE_TTL_SEC_CONFIG, Type.LONG, -1L, Importance.LOW,
                        "How long the latest version of a subject is cached (use.latest.version); -1 keeps it "
                                + "until the client is closed.")
                .define(BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG, Type.STRING, CREDENTIALS_FROM_URL,
                        ConfigDef.CaseInsensitiveValidString.in(CREDENTIALS_FROM_URL, CREDENTIALS_FROM_USER_INFO),
                        Importance.MEDIUM,
                        "Where HTTP basic credentials come from: URL, the user info of each URL "
                                + "(http://user:password@host:8081; none there, none sent), or USER_INFO, "
                                + "basic.auth.user.info.")
                .define(USER_INFO_CONFIG, Type.PASSWORD, null, Importance.MEDIUM,
                        "With basic.auth.credentials.source=USER_INFO: user:password sent to every registry URL.")
                .define(SSL_TRUSTSTORE_LOCATION_CONFIG, Type.STRING, null, Importance.MEDIUM,
                        "Trust store of the certificate authorities an https registry's certificate must chain "
                                + "to; none: the JDK's default ones.")
                .define(SSL_TRUSTSTORE_PASSWORD_CONFIG, Type.PASSWORD, null, Importance.MEDIUM,
                        "Password of the trust store, if it has one.")
                .define(SSL_TRUSTSTORE_TYPE_CONFIG, Type.STRING, "JKS", Importance.LOW,
                        "Type of the trust store: JKS or PKCS12 (the JDK reads either as JKS).");
    }

    public static final ConfigDef CONFIG = addClientSettings(new ConfigDef());

    /** Whether credentials come from basic.auth.user.info rather than each URL. */
    public boolean credentialsFromUserInfo() {
        return getString(BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG).equalsIgnoreCase(CREDENTIALS_FROM_USER_INFO);
    }

    public SchemaRegistryClientConfig(Map<?, ?> originals) {
        super(CONFIG, originals, false);
    }

    protected SchemaRegistryClientConfig(ConfigDef def, Map<?, ?> originals) {
        super(def, originals, false);
    }
}
