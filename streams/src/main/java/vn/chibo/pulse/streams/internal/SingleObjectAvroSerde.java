package vn.chibo.pulse.streams.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

import vn.chibo.pulse.registry.serde.AvroLimits;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Avro "single object encoding" (a two-byte marker, the schema's 64-bit fingerprint, then the
 * binary record) for the app's own stores and repartition topics. Nobody else reads these bytes,
 * so they need no registry: the app keeps running on its state while the registry is down, and
 * the fingerprint still makes a record written with another schema fail loudly instead of being
 * misread. A record written with an earlier version of its schema (kept as a resource
 * {@code <namespace>/earlier/<Name>-<n>.avsc}, n = 1, 2, …) is read as the current version, its new
 * fields at their defaults: a state store survives an upgrade that adds fields.
 */
public final class SingleObjectAvroSerde<T extends SpecificRecord> implements Serde<T> {
    static {
        AvroLimits.apply(); // bounded decoding for the app's own records too
    }

    private final BinaryMessageEncoder<T> encoder;
    private final BinaryMessageDecoder<T> decoder;

    public SingleObjectAvroSerde(Class<T> type) {
        SpecificData model = SpecificData.getForClass(type);
        Schema schema = model.getSchema(type);
        this.encoder = new BinaryMessageEncoder<>(model, schema);
        this.decoder = new BinaryMessageDecoder<>(model, schema);
        for (int n = 1; ; n++) {
            String resource = "/" + schema.getNamespace().replace('.', '/') + "/earlier/" + schema.getName() + "-" + n + ".avsc";
            try (InputStream earlier = type.getResourceAsStream(resource)) {
                if (earlier == null) {
                    break;
                }
                decoder.addSchema(new Schema.Parser().parse(earlier));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + resource, e);
            }
        }
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> {
            if (value == null) {
                return null;
            }
            try {
                ByteBuffer buffer = encoder.encode(value);
                byte[] bytes = new byte[buffer.remaining()];
                buffer.get(bytes);
                return bytes;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                return decoder.decode(bytes);
            } catch (IOException | RuntimeException e) {
                throw new SerializationException("cannot decode internal record of topic " + topic, e);
            }
        };
    }
}
