package vn.chibo.pulse.registry.serde;

import org.apache.avro.specific.SpecificRecord;
import vn.chibo.pulse.registry.client.SchemaRegistryClient;

/**
 * A Kafka Streams serde of generated Avro classes in Confluent's wire format; configure it with
 * {@code schema.registry.url} (and the other keys of {@link KafkaAvroSerdeConfig}) and whether it
 * serves keys. Decoding always uses the generated class ({@code specific.avro.reader=true}).
 */
public class SpecificAvroSerde<T extends SpecificRecord> extends AvroRecordSerde<T> {

    public SpecificAvroSerde() {
        this(null);
    }

    /** Uses this client (e.g. one shared by several serdes) instead of one built from the config. */
    public SpecificAvroSerde(SchemaRegistryClient client) {
        super(client, true, SpecificRecord.class);
    }
}
