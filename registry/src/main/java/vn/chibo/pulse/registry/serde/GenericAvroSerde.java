package vn.chibo.pulse.registry.serde;

import org.apache.avro.generic.GenericRecord;
import vn.chibo.pulse.registry.client.SchemaRegistryClient;

/** A Kafka Streams serde of {@link GenericRecord}s in Confluent's wire format. */
public class GenericAvroSerde extends AvroRecordSerde<GenericRecord> {

    public GenericAvroSerde() {
        this(null);
    }

    /** Uses this client instead of one built from the config. */
    public GenericAvroSerde(SchemaRegistryClient client) {
        super(client, false, GenericRecord.class);
    }
}
