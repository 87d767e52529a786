package vn.chibo.pulse.registry.serde;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import vn.chibo.pulse.registry.client.CachedSchemaRegistryClient;
import vn.chibo.pulse.registry.client.RegistryException;
import vn.chibo.pulse.registry.client.SchemaRegistryClient;

/**
 * Reads Confluent's wire format: byte 0, a 4-byte big-endian schema id, the Avro binary. The writer
 * schema comes from the registry by id. With {@code specific.avro.reader=true} records decode into
 * the generated class the writer schema names, resolved against that class's own schema, so data
 * written with an older version reads into a newer class (defaults fill new fields). Null bytes
 * give null; a {@code string} value gives a {@link String}; a {@code bytes} value the raw bytes.
 *
 * <p>Readers are cached per schema id. The packages in {@code avro.trusted.packages}
 * (default {@code vn.chibo.pulse}) are trusted on every reader this class creates, which is what the
 * system property {@code org.apache.avro.SERIALIZABLE_PACKAGES} would otherwise have to do.
 */
public class KafkaAvroDeserializer implements Deserializer<Object> {
    static {
        AvroLimits.apply(); // before the first decode: Avro reads its limits once
    }


    private SchemaRegistryClient client;
    private boolean ownsClient;
    private boolean isKey;
    private boolean specificReader;
    private Class<?> specificType;
    private boolean logicalTypes;
    private List<String> trustedPackages = List.of();
    private boolean configured;

    private final Map<Integer, DatumReader<Object>> readers = new ConcurrentHashMap<>();
    private final ThreadLocal<BinaryDecoder> decoders = new ThreadLocal<>();

    /** For Kafka's reflective creation: call {@link #configure} before use. */
    public KafkaAvroDeserializer() {
    }

    /** Uses this client instead of one built from {@code schema.registry.url}. */
    public KafkaAvroDeserializer(SchemaRegistryClient client) {
        this.client = client;
    }

    /** Uses this client and configures the deserializer for values. */
    public KafkaAvroDeserializer(SchemaRegistryClient client, Map<String, ?> configs) {
        this.client = client;
        configure(configs, false);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        KafkaAvroSerdeConfig config = new KafkaAvroSerdeConfig(KafkaAvroSerializer.withUrlForGivenClient(configs, client));
        this.isKey = isKey;
        this.specificReader = config.getBoolean(KafkaAvroSerdeConfig.SPECIFIC_AVRO_READER_CONFIG);
        this.specificType = config.getClass(isKey
                ? KafkaAvroSerdeConfig.SPECIFIC_AVRO_KEY_TYPE_CONFIG
                : KafkaAvroSerdeConfig.SPECIFIC_AVRO_VALUE_TYPE_CONFIG);
        this.logicalTypes = config.getBoolean(KafkaAvroSerdeConfig.AVRO_USE_LOGICAL_TYPE_CONVERTERS_CONFIG);
        List<String> packages = new ArrayList<>();
        for (String p : config.getList(KafkaAvroSerdeConfig.AVRO_TRUSTED_PACKAGES_CONFIG)) {
            String trimmed = p.trim();
            if (!trimmed.isEmpty()) {
                packages.add(trimmed.equals("*") || trimmed.endsWith(".") ? trimmed : trimmed + ".");
            }
        }
        this.trustedPackages = List.copyOf(packages);
        readers.clear();
        if (client == null) {
            client = new CachedSchemaRegistryClient(config);
            ownsClient = true;
        }
        configured = true;
    }

    @Override
    public Object deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (!configured) {
            throw new IllegalStateException("KafkaAvroDeserializer used before configure()");
        }
        if (data.length < 5 || data[0] != KafkaAvroSerializer.MAGIC_BYTE) {
            throw new SerializationException("Unknown magic byte: not Confluent's Avro wire format (topic " + topic
                    + ", " + data.length + " bytes)");
        }
        int id = ((data[1] & 0xff) << 24) | ((data[2] & 0xff) << 16) | ((data[3] & 0xff) << 8) | (data[4] & 0xff);
        Schema writerSchema;
        try {
            writerSchema = client.getSchemaById(id);
        } catch (RegistryException e) {
            throw new SerializationException("Cannot fetch the Avro schema with id " + id + " (topic " + topic + "): "
                    + e.getMessage(), e);
        }
        if (writerSchema.getType() == Schema.Type.BYTES) {
            return Arrays.copyOfRange(data, 5, data.length);
        }
        try {
            DatumReader<Object> reader = readerFor(id, writerSchema);
            BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(data, 5, data.length - 5, decoders.get());
            decoders.set(decoder);
            Object result = reader.read(null, decoder);
            return writerSchema.getType() == Schema.Type.STRING ? result.toString() : result;
        } catch (SerializationException e) {
            throw e;
        } catch (Exception e) {
            throw new SerializationException("Cannot read an Avro value with schema id " + id + " (topic " + topic
                    + "): " + e, e);
        }
    }

    private DatumReader<Object> readerFor(int id, Schema writerSchema) {
        DatumReader<Object> reader = readers.get(id);
        if (reader == null) {
            reader = readers.computeIfAbsent(id, i -> newReader(writerSchema));
        }
        return reader;
    }

    private DatumReader<Object> newReader(Schema writerSchema) {
        if (specificReader) {
            Class<?> type = specificType != null ? specificType : generatedClassOf(writerSchema);
            if (type != null) {
                SpecificData model = SpecificData.getForClass(type);
                Schema readerSchema = model.getSchema(type);
                SpecificDatumReader<Object> reader = new SpecificDatumReader<>(writerSchema, readerSchema, model);
                trust(reader, type);
                return reader;
            }
            SpecificDatumReader<Object> reader = new SpecificDatumReader<>(writerSchema, writerSchema, SpecificData.get());
            trust(reader, null);
            return reader;
        }
        return new GenericDatumReader<>(writerSchema, writerSchema, AvroModels.generic(logicalTypes));
    }

    /** The generated class a named writer schema stands for; null for unnamed (primitive) schemas. */
    private static Class<?> generatedClassOf(Schema writerSchema) {
        switch (writerSchema.getType()) {
            case RECORD:
            case ENUM:
            case FIXED:
                break;
            default:
                return null;
        }
        String name = SpecificData.getClassName(writerSchema);
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        try {
            Class<?> type = Class.forName(name, true, loader != null ? loader : KafkaAvroDeserializer.class.getClassLoader());
            if (writerSchema.getType() == Schema.Type.RECORD && !SpecificRecord.class.isAssignableFrom(type)) {
                throw new SerializationException(name + " is not a generated Avro SpecificRecord class");
            }
            return type;
        } catch (ClassNotFoundException e) {
            throw new SerializationException("Could not find class " + name + " named by the writer schema; "
                    + "specific.avro.reader=true needs the generated class on the classpath", e);
        }
    }

    /**
     * Programmatic SERIALIZABLE_PACKAGES: trust our packages (and the reader class's) on this reader only.
     * Avro reads the system property once, when SpecificDatumReader is loaded, so setting it later would
     * not work; the reader's own list is the one place that always does (Avro marks it deprecated).
     */
    @SuppressWarnings("deprecation")
    private void trust(SpecificDatumReader<Object> reader, Class<?> type) {
        List<String> trusted = reader.getTrustedPackages();
        if (trustedPackages.contains("*")) {
            trusted.clear();
            trusted.add("*"); // Avro trusts everything only when "*" is alone in the list
            return;
        }
        for (String p : trustedPackages) {
            if (!trusted.contains(p)) {
                trusted.add(p);
            }
        }
        if (type != null && type.getPackage() != null) {
            String own = type.getPackage().getName() + ".";
            if (!trusted.contains(own)) {
                trusted.add(own);
            }
        }
    }

    /** Whether this deserializer reads keys. */
    public boolean isKey() {
        return isKey;
    }

    @Override
    public void close() {
        if (ownsClient && client != null) {
            client.close();
        }
    }
}
