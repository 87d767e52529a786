package vn.chibo.pulse.registry.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.chibo.pulse.registry.internal.HttpRegistryTransport;
import vn.chibo.pulse.registry.internal.InProcessRegistryTransport;
import vn.chibo.pulse.registry.internal.RegistryEndpoint;
import vn.chibo.pulse.registry.internal.RegistryTransport;
import vn.chibo.pulse.registry.internal.RestResponse;
import vn.chibo.pulse.registry.internal.TrustStores;

/**
 * A {@link SchemaRegistryClient} over Confluent's REST API that caches what never changes (an id's
 * schema, a schema's id and version in a subject), so a serializer calls the registry once per schema.
 *
 * <p>Requests that fail to connect, or are answered 5xx, 408 or 429, are retried with exponential
 * backoff and, with several URLs, on the next URL. Other 4xx answers are errors at once. Retrying a
 * registration is safe because registering is idempotent.
 */
public final class CachedSchemaRegistryClient implements SchemaRegistryClient {

    public static final int DEFAULT_CACHE_CAPACITY = 1000;

    private static final Logger LOG = LoggerFactory.getLogger(CachedSchemaRegistryClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<RegistryTransport> transports;
    private final AtomicInteger currentTransport = new AtomicInteger();
    private final int cacheCapacity;
    private final int maxRetries;
    private final long retryWaitMs;
    private final long retryMaxWaitMs;
    private final long latestTtlNanos;

    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private final Map<String, Map<Schema, Integer>> idsBySubject = new ConcurrentHashMap<>();
    private final Map<String, Map<Schema, Integer>> versionsBySubject = new ConcurrentHashMap<>();
    private final Map<String, Latest> latestBySubject = new ConcurrentHashMap<>();

    private record Latest(SchemaMetadata metadata, long fetchedAtNanos) {
    }

    /** A client of the registry at these comma-separated URLs (or {@code mock://scope}), with default settings. */
    public CachedSchemaRegistryClient(String baseUrls) {
        this(Map.of(SchemaRegistryClientConfig.SCHEMA_REGISTRY_URL_CONFIG, baseUrls));
    }

    public CachedSchemaRegistryClient(String baseUrls, int cacheCapacity) {
        this(Map.of(SchemaRegistryClientConfig.SCHEMA_REGISTRY_URL_CONFIG, baseUrls,
                SchemaRegistryClientConfig.MAX_SCHEMAS_PER_SUBJECT_CONFIG, cacheCapacity));
    }

    /** A client configured by the keys of {@link SchemaRegistryClientConfig} (other keys are ignored). */
    public CachedSchemaRegistryClient(Map<String, ?> configs) {
        this(new SchemaRegistryClientConfig(configs));
    }

    public CachedSchemaRegistryClient(SchemaRegistryClientConfig config) {
        List<String> urls = config.getList(SchemaRegistryClientConfig.SCHEMA_REGISTRY_URL_CONFIG);
        if (urls.isEmpty()) {
            throw new IllegalArgumentException(SchemaRegistryClientConfig.SCHEMA_REGISTRY_URL_CONFIG + " is empty");
        }
        Duration readTimeout = Duration.ofMillis(config.getInt(SchemaRegistryClientConfig.HTTP_READ_TIMEOUT_MS_CONFIG));
        HttpClient http = null;
        List<RegistryTransport> list = new ArrayList<>();
        for (String url : urls) {
            String trimmed = url.trim();
            if (MockSchemaRegistry.isMockUrl(trimmed)) {
                String scope = MockSchemaRegistry.scopeOf(trimmed);
                list.add(new InProcessRegistryTransport(trimmed, MockSchemaRegistry.apiForScope(scope)));
            } else {
                if (http == null) {
                    http = httpClient(config);
                }
                list.add(new HttpRegistryTransport(RegistryEndpoint.of(trimmed, config), http, readTimeout));
            }
        }
        this.transports = List.copyOf(list);
        this.cacheCapacity = config.getInt(SchemaRegistryClientConfig.MAX_SCHEMAS_PER_SUBJECT_CONFIG);
        this.maxRetries = config.getInt(SchemaRegistryClientConfig.MAX_RETRIES_CONFIG);
        this.retryWaitMs = config.getLong(SchemaRegistryClientConfig.RETRIES_WAIT_MS_CONFIG);
        this.retryMaxWaitMs = config.getLong(SchemaRegistryClientConfig.RETRIES_MAX_WAIT_MS_CONFIG);
        long ttlSec = config.getLong(SchemaRegistryClientConfig.LATEST_CACHE_TTL_SEC_CONFIG);
        this.latestTtlNanos = ttlSec < 0 ? -1 : Duration.ofSeconds(ttlSec).toNanos();
    }

    private static HttpClient httpClient(SchemaRegistryClientConfig config) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofMillis(config.getInt(SchemaRegistryClientConfig.HTTP_CONNECT_TIMEOUT_MS_CONFIG)));
        SSLContext tls = TrustStores.sslContext(config);
        if (tls != null) {
            builder.sslContext(tls);
        }
        return builder.build();
    }

    // ---------------------------------------------------------------- API

    @Override
    public int register(String subject, Schema schema) {
        Integer cached = cachedIn(idsBySubject, subject, schema);
        if (cached != null) {
            return cached;
        }
        JsonNode answer = call("POST", "/subjects/" + enc(subject) + "/versions", schemaRequest(schema));
        int id = answer.path("id").asInt();
        remember(idsBySubject, subject, schema, id);
        schemasById.putIfAbsent(id, schema);
        return id;
    }

    @Override
    public Schema getSchemaById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        JsonNode answer = call("GET", "/schemas/ids/" + id, null);
        String type = answer.path("schemaType").asText("AVRO");
        if (!"AVRO".equals(type)) {
            throw new RegistryException(422, RegistryException.INVALID_SCHEMA,
                    "Schema " + id + " is of type " + type + "; only AVRO is supported");
        }
        Schema schema = new Schema.Parser().parse(answer.path("schema").asText());
        Schema previous = schemasById.putIfAbsent(id, schema);
        return previous != null ? previous : schema;
    }

    @Override
    public SchemaMetadata getLatestSchemaMetadata(String subject) {
        Latest latest = latestBySubject.get(subject);
        if (latest != null && (latestTtlNanos < 0 || System.nanoTime() - latest.fetchedAtNanos() < latestTtlNanos)) {
            return latest.metadata();
        }
        SchemaMetadata metadata = getSchemaMetadata(subject, "latest");
        latestBySubject.put(subject, new Latest(metadata, System.nanoTime()));
        return metadata;
    }

    @Override
    public SchemaMetadata getSchemaMetadata(String subject, int version) {
        return getSchemaMetadata(subject, Integer.toString(version));
    }

    private SchemaMetadata getSchemaMetadata(String subject, String version) {
        JsonNode answer = call("GET", "/subjects/" + enc(subject) + "/versions/" + version, null);
        return metadataOf(answer);
    }

    @Override
    public int getId(String subject, Schema schema) {
        Integer cached = cachedIn(idsBySubject, subject, schema);
        if (cached != null) {
            return cached;
        }
        SchemaMetadata found = lookup(subject, schema);
        return found.id();
    }

    @Override
    public int getVersion(String subject, Schema schema) {
        Integer cached = cachedIn(versionsBySubject, subject, schema);
        if (cached != null) {
            return cached;
        }
        return lookup(subject, schema).version();
    }

    private SchemaMetadata lookup(String subject, Schema schema) {
        SchemaMetadata found = metadataOf(call("POST", "/subjects/" + enc(subject), schemaRequest(schema)));
        remember(idsBySubject, subject, schema, found.id());
        remember(versionsBySubject, subject, schema, found.version());
        schemasById.putIfAbsent(found.id(), schema);
        return found;
    }

    @Override
    public List<String> getAllSubjects() {
        return strings(call("GET", "/subjects", null));
    }

    @Override
    public List<Integer> getAllVersions(String subject) {
        return ints(call("GET", "/subjects/" + enc(subject) + "/versions", null));
    }

    @Override
    public List<String> getAllSubjectsById(int id) {
        return strings(call("GET", "/schemas/ids/" + id + "/subjects", null));
    }

    @Override
    public boolean testCompatibility(String subject, Schema schema) {
        return call("POST", "/compatibility/subjects/" + enc(subject) + "/versions/latest", schemaRequest(schema))
                .path("is_compatible").asBoolean();
    }

    @Override
    public List<String> testCompatibilityVerbose(String subject, Schema schema) {
        JsonNode answer = call("POST", "/compatibility/subjects/" + enc(subject) + "/versions/latest?verbose=true",
                schemaRequest(schema));
        return answer.path("is_compatible").asBoolean() ? List.of() : strings(answer.path("messages"));
    }

    @Override
    public CompatibilityLevel getCompatibility(String subject) {
        String path = subject == null ? "/config" : "/config/" + enc(subject) + "?defaultToGlobal=true";
        String name = call("GET", path, null).path("compatibilityLevel").asText();
        return CompatibilityLevel.forName(name).orElseThrow(() -> new RegistryException(500,
                RegistryException.STORE_ERROR, "Registry answered an unknown compatibility level " + name));
    }

    @Override
    public CompatibilityLevel updateCompatibility(String subject, CompatibilityLevel level) {
        String path = subject == null ? "/config" : "/config/" + enc(subject);
        ObjectNode body = JSON.createObjectNode().put("compatibility", level.name());
        call("PUT", path, body);
        return level;
    }

    @Override
    public List<Integer> deleteSubject(String subject, boolean permanent) {
        forget(subject);
        List<Integer> deleted = ints(call("DELETE", "/subjects/" + enc(subject) + (permanent ? "?permanent=true" : ""), null));
        forget(subject);
        return deleted;
    }

    @Override
    public int deleteSchemaVersion(String subject, String version, boolean permanent) {
        forget(subject);
        int deleted = call("DELETE", "/subjects/" + enc(subject) + "/versions/" + enc(version)
                + (permanent ? "?permanent=true" : ""), null).asInt();
        forget(subject);
        return deleted;
    }

    @Override
    public void close() {
        schemasById.clear();
        idsBySubject.clear();
        versionsBySubject.clear();
        latestBySubject.clear();
    }

    // ---------------------------------------------------------------- caches

    private static Integer cachedIn(Map<String, Map<Schema, Integer>> cache, String subject, Schema schema) {
        Map<Schema, Integer> bySchema = cache.get(subject);
        return bySchema == null ? null : bySchema.get(schema);
    }

    private void remember(Map<String, Map<Schema, Integer>> cache, String subject, Schema schema, int value) {
        Map<Schema, Integer> bySchema = cache.computeIfAbsent(subject, s -> new ConcurrentHashMap<>());
        // Past the capacity the client still works, it just asks the registry again.
        if (bySchema.size() < cacheCapacity) {
            bySchema.put(schema, value);
        }
    }

    private void forget(String subject) {
        idsBySubject.remove(subject);
        versionsBySubject.remove(subject);
        latestBySubject.remove(subject);
    }

    // ---------------------------------------------------------------- requests

    private JsonNode call(String method, String pathAndQuery, JsonNode body) {
        byte[] bytes;
        try {
            bytes = body == null ? null : JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        RestResponse response = send(method, pathAndQuery, bytes);
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new RegistryException(response.status(), response.status(),
                    "Registry answered " + method + " " + pathAndQuery + " with a body that is not JSON: "
                            + response.bodyText(), e);
        }
    }

    /** Sends with retries; returns a 2xx answer or throws. */
    private RestResponse send(String method, String pathAndQuery, byte[] body) {
        for (int attempt = 0; ; attempt++) {
            RegistryTransport transport = transports.get(Math.floorMod(currentTransport.get(), transports.size()));
            RegistryException failure;
            try {
                RestResponse response = transport.send(method, pathAndQuery, body);
                if (response.status() >= 200 && response.status() < 300) {
                    return response;
                }
                failure = errorOf(response);
                if (!retryable(response.status())) {
                    throw failure;
                }
            } catch (IOException e) {
                failure = RegistryException.unreachable("Schema registry at " + transport.target() + " is unreachable ("
                        + method + " " + pathAndQuery + "): " + e, e);
            }
            if (attempt >= maxRetries) {
                throw failure;
            }
            long wait = backoffMs(attempt);
            LOG.warn("Schema registry request {} {} to {} failed ({}); retry {} of {} in {} ms", method, pathAndQuery,
                    transport.target(), failure.getMessage(), attempt + 1, maxRetries, wait);
            currentTransport.incrementAndGet();
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failure;
            }
        }
    }

    private long backoffMs(int attempt) {
        long wait = retryWaitMs << Math.min(attempt, 30);
        return Math.min(wait < 0 ? Long.MAX_VALUE : wait, retryMaxWaitMs);
    }

    private static boolean retryable(int status) {
        return status >= 500 || status == 408 || status == 429;
    }

    private static RegistryException errorOf(RestResponse response) {
        int code = response.status();
        String message = response.bodyText();
        try {
            JsonNode error = JSON.readTree(response.body());
            if (error != null && error.has("error_code")) {
                code = error.path("error_code").asInt(code);
                message = error.path("message").asText(message);
            }
        } catch (IOException | RuntimeException e) {
            // not Confluent's error JSON: keep the status and the raw body
        }
        return new RegistryException(response.status(), code, message);
    }

    private static ObjectNode schemaRequest(Schema schema) {
        return JSON.createObjectNode().put("schema", schema.toString());
    }

    private static SchemaMetadata metadataOf(JsonNode answer) {
        return new SchemaMetadata(answer.path("subject").asText(), answer.path("version").asInt(),
                answer.path("id").asInt(), answer.path("schema").asText());
    }

    private static List<String> strings(JsonNode array) {
        List<String> result = new ArrayList<>();
        array.forEach(node -> result.add(node.asText()));
        return result;
    }

    private static List<Integer> ints(JsonNode array) {
        List<Integer> result = new ArrayList<>();
        array.forEach(node -> result.add(node.asInt()));
        return result;
    }

    private static String enc(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
