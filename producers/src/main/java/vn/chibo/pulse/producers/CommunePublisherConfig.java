package vn.chibo.pulse.producers;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.serialization.StringSerializer;

import vn.chibo.pulse.registry.serde.KafkaAvroSerializer;

/**
 * Settings of a {@link CommunePublisher}. Every setting is declared once here with its default
 * and documentation ({@link #CONFIG}). Delivery guarantees are not settings: the producer is
 * always idempotent with {@code acks=all}, so a retried send is never written twice and an
 * acknowledged event is on every in-sync replica.
 */
public final class CommunePublisherConfig extends AbstractConfig {
    public static final String BOOTSTRAP_SERVERS_CONFIG = "bootstrap.servers";
    public static final String SCHEMA_REGISTRY_URL_CONFIG = "schema.registry.url";
    public static final String CLIENT_ID_CONFIG = "client.id";
    public static final String LINGER_MS_CONFIG = "linger.ms";
    public static final String BATCH_SIZE_CONFIG = "batch.size";
    public static final String COMPRESSION_TYPE_CONFIG = "compression.type";
    public static final String BUFFER_MEMORY_CONFIG = "buffer.memory";
    public static final String MAX_BLOCK_MS_CONFIG = "max.block.ms";
    public static final String REQUEST_TIMEOUT_MS_CONFIG = "request.timeout.ms";
    public static final String DELIVERY_TIMEOUT_MS_CONFIG = "delivery.timeout.ms";
    public static final String AUTO_REGISTER_SCHEMAS_CONFIG = "auto.register.schemas";
    public static final String VALIDATE_EVENTS_CONFIG = "validate.events";
    /** Prefix of raw Kafka producer settings passed through, e.g. {@code producer.send.buffer.bytes}. */
    public static final String PRODUCER_PREFIX = "producer.";
    /** Prefix of raw schema registry client settings passed through to the serializer, e.g. {@code registry.max.retries}. */
    public static final String REGISTRY_PREFIX = "registry.";

    public static final ConfigDef CONFIG = new ConfigDef()
            .define(BOOTSTRAP_SERVERS_CONFIG, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, Importance.HIGH,
                    "Kafka brokers to connect to first, host:port[,host:port...].")
            .define(SCHEMA_REGISTRY_URL_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, Importance.HIGH,
                    "URL of the schema registry (Confluent REST API) that holds the event schemas.")
            .define(CLIENT_ID_CONFIG, Type.STRING, "pulse-commune-publisher", Importance.MEDIUM,
                    "Client id shown in the broker's logs and metrics; name the commune system here.")
            .define(LINGER_MS_CONFIG, Type.INT, 5, Range.atLeast(0), Importance.MEDIUM,
                    "How long the producer waits to fill a batch; a few ms gives large batches at little latency.")
            .define(BATCH_SIZE_CONFIG, Type.INT, 128 * 1024, Range.atLeast(0), Importance.MEDIUM,
                    "Largest batch per partition, in bytes.")
            .define(COMPRESSION_TYPE_CONFIG, Type.STRING, "lz4", ValidString.in("none", "gzip", "snappy", "lz4", "zstd"),
                    Importance.MEDIUM, "Compression of batches: none, gzip, snappy, lz4 or zstd.")
            .define(BUFFER_MEMORY_CONFIG, Type.LONG, 32L * 1024 * 1024, Range.atLeast(1024), Importance.LOW,
                    "Memory for events not yet sent; publish blocks (up to max.block.ms) when it is full.")
            .define(MAX_BLOCK_MS_CONFIG, Type.LONG, 15_000L, Range.atLeast(0), Importance.MEDIUM,
                    "How long publish may block for metadata (broker unreachable, topic missing) or buffer space "
                            + "before it throws.")
            .define(REQUEST_TIMEOUT_MS_CONFIG, Type.INT, 30_000, Range.atLeast(1), Importance.LOW,
                    "How long to wait for the broker to answer one request before retrying it.")
            .define(DELIVERY_TIMEOUT_MS_CONFIG, Type.INT, 120_000, Range.atLeast(1), Importance.MEDIUM,
                    "Upper bound on the time from publish to acknowledgement, retries included; after it the "
                            + "event's future fails. Must be at least linger.ms + request.timeout.ms.")
            .define(AUTO_REGISTER_SCHEMAS_CONFIG, Type.BOOLEAN, true, Importance.MEDIUM,
                    "Register the event schemas with the registry on first use; the registry refuses a schema "
                            + "that breaks its compatibility level (BACKWARD by default).")
            .define(VALIDATE_EVENTS_CONFIG, Type.BOOLEAN, true, Importance.LOW,
                    "Check every event with the stateless rules of SPEC.md §2 (EventRules) and refuse an invalid "
                            + "one with InvalidEventException. Turn off only to test the pipeline's own defences.");

    public CommunePublisherConfig(Map<?, ?> originals) {
        super(CONFIG, originals, false);
    }

    /** Settings for a publisher to {@code bootstrapServers} with the registry at {@code registryUrl}, the rest default. */
    public static CommunePublisherConfig of(String bootstrapServers, String registryUrl) {
        Map<String, Object> m = new HashMap<>();
        m.put(BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        m.put(SCHEMA_REGISTRY_URL_CONFIG, registryUrl);
        return new CommunePublisherConfig(m);
    }

    public boolean validateEvents() {
        return getBoolean(VALIDATE_EVENTS_CONFIG);
    }

    /** The Kafka producer's settings: the declared ones, the pass-through ones, and the fixed delivery guarantees last. */
    public Map<String, Object> producerProperties() {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", getList(BOOTSTRAP_SERVERS_CONFIG)));
        p.put(ProducerConfig.CLIENT_ID_CONFIG, getString(CLIENT_ID_CONFIG));
        p.put(ProducerConfig.LINGER_MS_CONFIG, getInt(LINGER_MS_CONFIG));
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, getInt(BATCH_SIZE_CONFIG));
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, getString(COMPRESSION_TYPE_CONFIG));
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, getLong(BUFFER_MEMORY_CONFIG));
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, getLong(MAX_BLOCK_MS_CONFIG));
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, getInt(REQUEST_TIMEOUT_MS_CONFIG));
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, getInt(DELIVERY_TIMEOUT_MS_CONFIG));
        p.putAll(originalsWithPrefix(PRODUCER_PREFIX));
        // the registry serde reads its own settings from the producer's configs
        p.put(SCHEMA_REGISTRY_URL_CONFIG, getString(SCHEMA_REGISTRY_URL_CONFIG));
        p.put(AUTO_REGISTER_SCHEMAS_CONFIG, getBoolean(AUTO_REGISTER_SCHEMAS_CONFIG));
        p.putAll(originalsWithPrefix(REGISTRY_PREFIX));
        // not negotiable: the guarantees the contract promises to commune systems
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        p.put(ProducerConfig.RETRIES_CONFIG, Integer.MAX_VALUE);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, KafkaAvroSerializer.class.getName());
        return p;
    }

    /** The settings table of docs/producers.md, in Markdown. */
    public static void main(String[] args) {
        System.out.print(markdownTable(CONFIG));
    }

    /** A Markdown table of a ConfigDef: name, default, meaning. */
    public static String markdownTable(ConfigDef def) {
        StringBuilder b = new StringBuilder("| setting | default | meaning |\n|---|---|---|\n");
        for (ConfigDef.ConfigKey key : def.configKeys().values()) {
            String dflt = !key.hasDefault() ? "(required)" : key.defaultValue == null ? "" : String.valueOf(key.defaultValue);
            if (key.type == Type.LIST && key.defaultValue instanceof java.util.List<?> list) {
                dflt = String.join(",", list.stream().map(String::valueOf).toList());
            }
            b.append("| `").append(key.name).append("` | ").append(dflt.isEmpty() || !key.hasDefault() ? dflt : "`" + dflt + "`").append(" | ")
                    .append(key.documentation.replace("|", "\\|")).append(" |\n");
        }
        return b.toString();
    }
}
