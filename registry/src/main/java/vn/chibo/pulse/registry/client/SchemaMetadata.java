package vn.chibo.pulse.registry.client;

import org.apache.avro.Schema;

/** One version of a subject: its number, the global schema id and the schema text. */
public record SchemaMetadata(String subject, int version, int id, String schema) {

    /** The schema text parsed as Avro. */
    public Schema avroSchema() {
        return new Schema.Parser().parse(schema);
    }
}
