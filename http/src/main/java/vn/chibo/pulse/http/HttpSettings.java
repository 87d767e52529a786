package vn.chibo.pulse.http;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * The settings of an HTTP entrance (limits, Host and Origin checks, authentication), declared once here and
 * added under a component's prefix to its own {@link ConfigDef}: the query server's are {@code http.*}, the
 * board's {@code dashboard.*}. The names and the form of the users are the registry's.
 */
public final class HttpSettings {

    public static final String ALLOWED_HOSTS = "allowed.hosts";
    public static final String ALLOWED_ORIGINS = "allowed.origins";
    public static final String AUTHENTICATION_METHOD = "authentication.method";
    public static final String AUTHENTICATION_REALM = "authentication.realm";
    public static final String AUTHENTICATION_USERS = "authentication.users";
    public static final String REQUEST_MAX_BYTES = "request.max.bytes";
    public static final String REQUEST_TIMEOUT_MS = "request.timeout.ms";
    public static final String MAX_REQUESTS = "max.requests";
    public static final String MAX_CONNECTIONS = "max.connections";
    public static final String SSE_MAX_CLIENTS = "sse.max.clients";
    public static final String SSE_QUEUE_EVENTS = "sse.queue.events";

    /** No authentication: only allowed on a loopback address. */
    public static final String NONE = "NONE";
    /** HTTP basic authentication against the users. */
    public static final String BASIC = "BASIC";

    private final String prefix;
    private final List<String> allowedHosts;
    private final List<String> allowedOrigins;
    private final BasicAuthentication authentication;
    private final int requestMaxBytes;
    private final Duration requestTimeout;
    private final int maxRequests;
    private final int maxConnections;
    private final int sseMaxClients;
    private final int sseQueueEvents;

    private HttpSettings(AbstractConfig config, String prefix) {
        this.prefix = prefix;
        this.allowedHosts = config.getList(prefix + ALLOWED_HOSTS);
        this.allowedOrigins = config.getList(prefix + ALLOWED_ORIGINS);
        this.authentication = config.getString(prefix + AUTHENTICATION_METHOD).equalsIgnoreCase(BASIC)
                ? BasicAuthentication.of(config.getList(prefix + AUTHENTICATION_USERS),
                        config.getString(prefix + AUTHENTICATION_REALM), prefix + AUTHENTICATION_USERS)
                : null;
        this.requestMaxBytes = config.getInt(prefix + REQUEST_MAX_BYTES);
        this.requestTimeout = Duration.ofMillis(config.getLong(prefix + REQUEST_TIMEOUT_MS));
        this.maxRequests = config.getInt(prefix + MAX_REQUESTS);
        this.maxConnections = config.getInt(prefix + MAX_CONNECTIONS);
        boolean streams = config.values().containsKey(prefix + SSE_MAX_CLIENTS);
        this.sseMaxClients = streams ? config.getInt(prefix + SSE_MAX_CLIENTS) : 0;
        this.sseQueueEvents = streams ? config.getInt(prefix + SSE_QUEUE_EVENTS) : 1;
    }

    /**
     * Adds the settings of an HTTP entrance under {@code prefix} to {@code def}; {@code realm} is the default
     * realm of its 401 answers; {@code eventStreams}: it serves event streams, with their own limits.
     */
    public static ConfigDef define(ConfigDef def, String prefix, String realm, boolean eventStreams) {
        def
                .define(prefix + ALLOWED_HOSTS, Type.LIST, "", Importance.MEDIUM,
                        "Names (or addresses) clients may call the server by, as the Host header gives them without the port;"
                                + " other Host headers are answered 400 (a defence against DNS rebinding). Empty: on a loopback"
                                + " address localhost, 127.0.0.1 and ::1; on any other address any name (authentication is on there).")
                .define(prefix + ALLOWED_ORIGINS, Type.LIST, "", Importance.MEDIUM,
                        "Origins (scheme://host:port) of other sites whose pages may read the answers (CORS); any other"
                                + " Origin gets no Access-Control-Allow-Origin. Empty: none, only pages of the server itself.")
                .define(prefix + AUTHENTICATION_METHOD, Type.STRING, NONE,
                        ConfigDef.CaseInsensitiveValidString.in(NONE, BASIC), Importance.HIGH,
                        "NONE, or BASIC: every request needs HTTP basic credentials of " + prefix + AUTHENTICATION_USERS
                                + " (401 without). Without authentication the server refuses to listen on an address other"
                                + " than loopback.")
                .define(prefix + AUTHENTICATION_REALM, Type.STRING, realm, Importance.LOW,
                        "Realm named in the WWW-Authenticate header of a 401 answer.")
                .define(prefix + AUTHENTICATION_USERS, Type.LIST, "", Importance.HIGH,
                        "With BASIC: the users, comma-separated, each name:hash where hash is the PBKDF2 hash of the"
                                + " password that `./pulse hash-password` prints (pbkdf2-sha256:iterations:salt:hash), as"
                                + " the registry's authentication.users; never the password itself.")
                .define(prefix + REQUEST_MAX_BYTES, Type.INT, 65_536, Range.atLeast(0), Importance.LOW,
                        "Largest request body accepted, in bytes; a larger one is answered 413 (this server reads no"
                                + " body: every URL is a GET).")
                .define(prefix + REQUEST_TIMEOUT_MS, Type.LONG, 30_000L, Range.atLeast(100), Importance.LOW,
                        "A connection on which nothing moves this long is closed: a client that sends its request"
                                + " slowly, or does not read an answer or an event stream, cannot hold it.")
                .define(prefix + MAX_REQUESTS, Type.INT, 16, Range.atLeast(1), Importance.LOW,
                        "Requests answered at once (event streams not counted); one more waits up to a second, then"
                                + " is answered 503.")
                .define(prefix + MAX_CONNECTIONS, Type.INT, 1_024, Range.atLeast(2), Importance.LOW,
                        "Open connections, event streams included; past it the server stops accepting new ones until"
                                + " one closes.");
        if (!eventStreams) {
            return def;
        }
        return def
                .define(prefix + SSE_MAX_CLIENTS, Type.INT, 512, Range.atLeast(0), Importance.LOW,
                        "Event-stream clients at once; one more is answered 503 (a page retries later).")
                .define(prefix + SSE_QUEUE_EVENTS, Type.INT, 16, Range.atLeast(1), Importance.LOW,
                        "Events waiting for one event-stream client that reads slowly; a client that falls further"
                                + " behind is disconnected (it reconnects and gets the latest at once), not buffered for.");
    }

    /** The settings under {@code prefix} of a config whose definition {@link #define}d them. */
    public static HttpSettings of(AbstractConfig config, String prefix) {
        return new HttpSettings(config, prefix);
    }

    /** The settings under {@code prefix} from plain values (defaults for the others); for tests and tools. */
    public static HttpSettings of(String prefix, Map<String, ?> values) {
        ConfigDef def = define(new ConfigDef(), prefix, "Pulse", true);
        Map<String, Object> known = new HashMap<>();
        values.forEach((k, v) -> {
            if (def.configKeys().containsKey(k)) {
                known.put(k, v);
            }
        });
        return new HttpSettings(new AbstractConfig(def, known, false), prefix);
    }

    /** Every default: loopback only, no authentication. */
    public static HttpSettings defaults() {
        return of("", Map.of());
    }

    /** The prefix the settings are configured under, e.g. {@code http.}. */
    public String prefix() {
        return prefix;
    }

    public List<String> allowedHosts() {
        return allowedHosts;
    }

    public List<String> allowedOrigins() {
        return allowedOrigins;
    }

    /** The users when authentication is BASIC, else null. */
    public BasicAuthentication authentication() {
        return authentication;
    }

    public int requestMaxBytes() {
        return requestMaxBytes;
    }

    public Duration requestTimeout() {
        return requestTimeout;
    }

    public int maxRequests() {
        return maxRequests;
    }

    public int maxConnections() {
        return maxConnections;
    }

    public int sseMaxClients() {
        return sseMaxClients;
    }

    public int sseQueueEvents() {
        return sseQueueEvents;
    }
}
