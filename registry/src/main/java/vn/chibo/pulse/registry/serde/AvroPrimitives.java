package vn.chibo.pulse.registry.serde;

import java.nio.ByteBuffer;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.kafka.common.errors.SerializationException;

/** The schema of a value, as Confluent's serializer chooses it: a record's own, or a primitive's. */
final class AvroPrimitives {

    static final Schema NULL = Schema.create(Schema.Type.NULL);
    static final Schema BOOLEAN = Schema.create(Schema.Type.BOOLEAN);
    static final Schema INT = Schema.create(Schema.Type.INT);
    static final Schema LONG = Schema.create(Schema.Type.LONG);
    static final Schema FLOAT = Schema.create(Schema.Type.FLOAT);
    static final Schema DOUBLE = Schema.create(Schema.Type.DOUBLE);
    static final Schema STRING = Schema.create(Schema.Type.STRING);
    static final Schema BYTES = Schema.create(Schema.Type.BYTES);

    private AvroPrimitives() {
    }

    static Schema schemaOf(Object value) {
        if (value instanceof GenericContainer container) {
            return container.getSchema();
        }
        if (value instanceof CharSequence) {
            return STRING;
        }
        if (value instanceof Integer) {
            return INT;
        }
        if (value instanceof Long) {
            return LONG;
        }
        if (value instanceof Boolean) {
            return BOOLEAN;
        }
        if (value instanceof Double) {
            return DOUBLE;
        }
        if (value instanceof Float) {
            return FLOAT;
        }
        if (value instanceof byte[] || value instanceof ByteBuffer) {
            return BYTES;
        }
        throw new SerializationException("Cannot serialize a " + value.getClass().getName()
                + " with Avro: only Avro records (GenericContainer), null, Boolean, Integer, Long, Float, Double, "
                + "CharSequence, byte[] and ByteBuffer are supported");
    }
}
