package vn.chibo.pulse.registry.serde;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import vn.chibo.pulse.registry.client.SchemaRegistryClientConfig;

/** Settings of the Avro serializer and deserializer, with the keys of Confluent's serdes. */
public class KafkaAvroSerdeConfig extends SchemaRegistryClientConfig {

    public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
    public static final String USE_LATEST_VERSION = "use.latest.version";
    public static final String SPECIFIC_AVRO_READER_CONFIG = "specific.avro.reader";
    public static final String SPECIFIC_AVRO_KEY_TYPE_CONFIG = "specific.avro.key.type";
    public static final String SPECIFIC_AVRO_VALUE_TYPE_CONFIG = "specific.avro.value.type";
    public static final String KEY_SUBJECT_NAME_STRATEGY = "key.subject.name.strategy";
    public static final String VALUE_SUBJECT_NAME_STRATEGY = "value.subject.name.strategy";
    public static final String AVRO_USE_LOGICAL_TYPE_CONVERTERS_CONFIG = "avro.use.logical.type.converters";
    public static final String AVRO_TRUSTED_PACKAGES_CONFIG = "avro.trusted.packages";

    private static final String STRATEGY_DOC = "Subject name strategy: TopicNameStrategy (<topic>-key / <topic>-value), "
            + "RecordNameStrategy (record full name) or TopicRecordNameStrategy (<topic>-<record full name>); "
            + "the simple name, this project's class name or Confluent's class name of each is accepted, "
            + "or any class implementing " + SubjectNameStrategy.class.getName() + ".";

    public static final ConfigDef CONFIG = addClientSettings(new ConfigDef())
            .define(AUTO_REGISTER_SCHEMAS, Type.BOOLEAN, true, Importance.MEDIUM,
                    "Register the schema of each value written, if it is not registered yet. When false, the schema "
                            + "must already be registered under the subject (or use.latest.version be set).")
            .define(USE_LATEST_VERSION, Type.BOOLEAN, false, Importance.LOW,
                    "With auto.register.schemas=false: write with the subject's latest version instead of looking "
                            + "up the value's own schema.")
            .define(SPECIFIC_AVRO_READER_CONFIG, Type.BOOLEAN, false, Importance.LOW,
                    "Decode into generated SpecificRecord classes (found by the writer schema's full name) instead "
                            + "of GenericRecord. The writer schema is resolved against the class's schema.")
            .define(SPECIFIC_AVRO_KEY_TYPE_CONFIG, Type.CLASS, null, Importance.LOW,
                    "With specific.avro.reader: the class keys are decoded into, instead of the one the writer "
                            + "schema names.")
            .define(SPECIFIC_AVRO_VALUE_TYPE_CONFIG, Type.CLASS, null, Importance.LOW,
                    "With specific.avro.reader: the class values are decoded into, instead of the one the writer "
                            + "schema names.")
            .define(KEY_SUBJECT_NAME_STRATEGY, Type.STRING, TopicNameStrategy.class.getName(), Importance.LOW,
                    STRATEGY_DOC)
            .define(VALUE_SUBJECT_NAME_STRATEGY, Type.STRING, TopicNameStrategy.class.getName(), Importance.LOW,
                    STRATEGY_DOC)
            .define(AVRO_USE_LOGICAL_TYPE_CONVERTERS_CONFIG, Type.BOOLEAN, false, Importance.LOW,
                    "Convert logical types (date, timestamps, decimal, uuid) to Java types in GenericRecords too.")
            .define(AVRO_TRUSTED_PACKAGES_CONFIG, Type.LIST, List.of("vn.chibo.pulse"), Importance.LOW,
                    "Packages Avro's SpecificDatumReader may load classes of (java-class schema properties), in "
                            + "addition to org.apache.avro.SERIALIZABLE_PACKAGES; the deserializer trusts them on its "
                            + "own readers, so no system property is needed.");

    public KafkaAvroSerdeConfig(Map<?, ?> originals) {
        super(CONFIG, originals);
    }

    public SubjectNameStrategy subjectNameStrategy(boolean isKey) {
        String name = getString(isKey ? KEY_SUBJECT_NAME_STRATEGY : VALUE_SUBJECT_NAME_STRATEGY).trim();
        String simple = name.substring(name.lastIndexOf('.') + 1);
        switch (simple) {
            case "TopicNameStrategy":
                return new TopicNameStrategy();
            case "RecordNameStrategy":
                return new RecordNameStrategy();
            case "TopicRecordNameStrategy":
                return new TopicRecordNameStrategy();
            default:
                try {
                    ClassLoader loader = Thread.currentThread().getContextClassLoader();
                    Class<?> type = Class.forName(name, true,
                            loader != null ? loader : KafkaAvroSerdeConfig.class.getClassLoader());
                    return (SubjectNameStrategy) type.getDeclaredConstructor().newInstance();
                } catch (ReflectiveOperationException | ClassCastException e) {
                    throw new ConfigException(isKey ? KEY_SUBJECT_NAME_STRATEGY : VALUE_SUBJECT_NAME_STRATEGY, name,
                            "not a known subject name strategy: " + e);
                }
        }
    }
}
