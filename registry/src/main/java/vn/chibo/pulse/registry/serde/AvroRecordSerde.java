package vn.chibo.pulse.registry.serde;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import vn.chibo.pulse.registry.client.SchemaRegistryClient;

/**
 * What the specific and the generic serde share: one serializer and one deserializer over the
 * same registry client, with {@code specific.avro.reader} fixed by the subclass.
 */
abstract class AvroRecordSerde<T> implements Serde<T> {

    private final KafkaAvroSerializer serializer;
    private final KafkaAvroDeserializer deserializer;
    private final boolean specificReader;
    private final Class<?> expectedType;

    AvroRecordSerde(SchemaRegistryClient client, boolean specificReader, Class<?> expectedType) {
        this.serializer = new KafkaAvroSerializer(client);
        this.deserializer = new KafkaAvroDeserializer(client);
        this.specificReader = specificReader;
        this.expectedType = expectedType;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        Map<String, Object> withReader = new HashMap<>(configs);
        withReader.put(KafkaAvroSerdeConfig.SPECIFIC_AVRO_READER_CONFIG, specificReader);
        serializer.configure(withReader, isKey);
        deserializer.configure(withReader, isKey);
    }

    @Override
    public Serializer<T> serializer() {
        return new Serializer<>() {
            @Override
            public void configure(Map<String, ?> configs, boolean isKey) {
                AvroRecordSerde.this.configure(configs, isKey);
            }

            @Override
            public byte[] serialize(String topic, T data) {
                return serializer.serialize(topic, data);
            }

            @Override
            public void close() {
                serializer.close();
            }
        };
    }

    @Override
    public Deserializer<T> deserializer() {
        return new Deserializer<>() {
            @Override
            public void configure(Map<String, ?> configs, boolean isKey) {
                AvroRecordSerde.this.configure(configs, isKey);
            }

            @Override
            @SuppressWarnings("unchecked")
            public T deserialize(String topic, byte[] data) {
                Object value = deserializer.deserialize(topic, data);
                if (value != null && !expectedType.isInstance(value)) {
                    throw new SerializationException("Expected an Avro record on topic " + topic
                            + " but read a " + value.getClass().getName());
                }
                return (T) value;
            }

            @Override
            public void close() {
                deserializer.close();
            }
        };
    }

    @Override
    public void close() {
        serializer.close();
        deserializer.close();
    }
}
