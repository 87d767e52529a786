package vn.chibo.pulse.registry.serde;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;
import vn.chibo.pulse.registry.client.CachedSchemaRegistryClient;
import vn.chibo.pulse.registry.client.RegistryException;
import vn.chibo.pulse.registry.client.SchemaMetadata;
import vn.chibo.pulse.registry.client.SchemaRegistryClient;

/**
 * Writes Avro values in Confluent's wire format: byte 0, the schema id as 4 bytes big-endian, then
 * the Avro binary encoding. A null value gives null bytes (a tombstone). Records, null and the Avro
 * primitives (Boolean, Integer, Long, Float, Double, CharSequence, byte[]) are accepted; byte[] is
 * written raw after the header, as Confluent does.
 *
 * <p>Thread-safe. Schema ids come from the client's cache and writers are cached per schema, so after
 * the first value of a schema a call costs the Avro encoding and one array copy.
 */
public class KafkaAvroSerializer implements Serializer<Object> {

    static final byte MAGIC_BYTE = 0;
    private static final int MAX_KEPT_BUFFER = 1 << 20;

    private SchemaRegistryClient client;
    private boolean ownsClient;
    private boolean isKey;
    private boolean autoRegister;
    private boolean useLatestVersion;
    private boolean logicalTypes;
    private SubjectNameStrategy strategy;

    private final Map<Schema, DatumWriter<Object>> specificWriters = new ConcurrentHashMap<>();
    private final Map<Schema, DatumWriter<Object>> genericWriters = new ConcurrentHashMap<>();
    private final ThreadLocal<Output> outputs = ThreadLocal.withInitial(Output::new);

    /** For Kafka's reflective creation: call {@link #configure} before use. */
    public KafkaAvroSerializer() {
    }

    /** Uses this client instead of one built from {@code schema.registry.url}. */
    public KafkaAvroSerializer(SchemaRegistryClient client) {
        this.client = client;
    }

    /** Uses this client and configures the serializer for values. */
    public KafkaAvroSerializer(SchemaRegistryClient client, Map<String, ?> configs) {
        this.client = client;
        configure(configs, false);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        KafkaAvroSerdeConfig config = new KafkaAvroSerdeConfig(withUrlForGivenClient(configs, client));
        this.isKey = isKey;
        this.autoRegister = config.getBoolean(KafkaAvroSerdeConfig.AUTO_REGISTER_SCHEMAS);
        this.useLatestVersion = config.getBoolean(KafkaAvroSerdeConfig.USE_LATEST_VERSION);
        this.logicalTypes = config.getBoolean(KafkaAvroSerdeConfig.AVRO_USE_LOGICAL_TYPE_CONVERTERS_CONFIG);
        this.strategy = config.subjectNameStrategy(isKey);
        if (client == null) {
            client = new CachedSchemaRegistryClient(config);
            ownsClient = true;
        }
    }

    /** A client given in the constructor makes schema.registry.url optional. */
    static Map<String, ?> withUrlForGivenClient(Map<String, ?> configs, SchemaRegistryClient client) {
        if (client == null || configs.containsKey(KafkaAvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG)) {
            return configs;
        }
        Map<String, Object> copy = new HashMap<>(configs);
        copy.put(KafkaAvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, "given-client://");
        return copy;
    }

    @Override
    public byte[] serialize(String topic, Object value) {
        if (value == null) {
            return null;
        }
        if (strategy == null) {
            throw new IllegalStateException("KafkaAvroSerializer used before configure()");
        }
        Schema schema = AvroPrimitives.schemaOf(value);
        String subject = strategy.subjectName(topic, isKey, schema);
        int id;
        Schema writerSchema = schema;
        try {
            if (autoRegister) {
                id = client.register(subject, schema);
            } else if (useLatestVersion) {
                SchemaMetadata latest = client.getLatestSchemaMetadata(subject);
                id = latest.id();
                writerSchema = client.getSchemaById(id);
            } else {
                id = client.getId(subject, schema);
            }
        } catch (RegistryException e) {
            throw new SerializationException("Cannot " + (autoRegister ? "register" : "look up")
                    + " the Avro schema of subject '" + subject + "': " + e.getMessage(), e);
        }
        return encode(id, writerSchema, value);
    }

    private byte[] encode(int id, Schema writerSchema, Object value) {
        Output out = outputs.get();
        out.reset();
        out.write(MAGIC_BYTE);
        out.write(id >>> 24);
        out.write(id >>> 16);
        out.write(id >>> 8);
        out.write(id);
        try {
            if (value instanceof byte[] bytes) {
                out.write(bytes, 0, bytes.length);
            } else if (value instanceof ByteBuffer buffer) {
                ByteBuffer view = buffer.duplicate();
                byte[] bytes = new byte[view.remaining()];
                view.get(bytes);
                out.write(bytes, 0, bytes.length);
            } else {
                DatumWriter<Object> writer = writerFor(writerSchema, value);
                out.encoder = EncoderFactory.get().binaryEncoder(out, out.encoder);
                writer.write(value, out.encoder);
                out.encoder.flush();
            }
            return out.toByteArray();
        } catch (Exception e) {
            throw new SerializationException("Cannot write a value with Avro schema " + writerSchema.getFullName()
                    + " (id " + id + "): " + e, e);
        } finally {
            if (out.capacity() > MAX_KEPT_BUFFER) {
                outputs.remove(); // do not keep a huge buffer per thread after one huge value
            }
        }
    }

    private DatumWriter<Object> writerFor(Schema schema, Object value) {
        if (value instanceof SpecificRecord) {
            DatumWriter<Object> writer = specificWriters.get(schema);
            if (writer == null) {
                // The generated class's own model carries its logical-type conversions (e.g. LocalDate).
                writer = specificWriters.computeIfAbsent(schema,
                        s -> new SpecificDatumWriter<>(s, SpecificData.getForClass(value.getClass())));
            }
            return writer;
        }
        DatumWriter<Object> writer = genericWriters.get(schema);
        if (writer == null) {
            writer = genericWriters.computeIfAbsent(schema,
                    s -> new GenericDatumWriter<>(s, AvroModels.generic(logicalTypes)));
        }
        return writer;
    }

    @Override
    public void close() {
        if (ownsClient && client != null) {
            client.close();
        }
    }

    /** A reusable byte buffer plus the encoder writing into it, one per thread. */
    private static final class Output extends ByteArrayOutputStream {
        BinaryEncoder encoder;

        Output() {
            super(256);
        }

        int capacity() {
            return buf.length;
        }
    }
}
