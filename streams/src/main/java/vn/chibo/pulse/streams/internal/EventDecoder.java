package vn.chibo.pulse.streams.internal;

import java.util.HashMap;
import java.util.Map;

import vn.chibo.pulse.domain.Rejection;
import vn.chibo.pulse.domain.RejectionReason;
import vn.chibo.pulse.registry.client.RegistryException;
import vn.chibo.pulse.registry.serde.KafkaAvroDeserializer;

/**
 * Decodes the value bytes of a source topic inside the topology, so that a record nobody can read
 * becomes a rejection (UNDESERIALIZABLE) in the same transaction instead of stopping the app.
 * A registry that cannot be reached is not the record's fault: that error is thrown, the task fails
 * and the record is read again once the registry is back.
 */
final class EventDecoder<T> implements AutoCloseable {
    private final KafkaAvroDeserializer deserializer = new KafkaAvroDeserializer();
    private final Class<T> type;

    EventDecoder(Map<String, ?> registryConfig, Class<T> type) {
        Map<String, Object> config = new HashMap<>(registryConfig);
        config.put("specific.avro.reader", true);
        deserializer.configure(config, false);
        this.type = type;
    }

    /** The decoded event, or why it could not be decoded. */
    Decoded<T> decode(String topic, byte[] bytes) {
        if (bytes == null) {
            return Decoded.failed(Rejection.of(RejectionReason.UNDESERIALIZABLE, "the record has no value"));
        }
        Object value;
        try {
            value = deserializer.deserialize(topic, bytes);
        } catch (RuntimeException e) {
            if (isTransient(e)) {
                throw e;
            }
            return Decoded.failed(Rejection.of(RejectionReason.UNDESERIALIZABLE, describe(e)));
        }
        if (value == null) {
            return Decoded.failed(Rejection.of(RejectionReason.UNDESERIALIZABLE, "the record has no value"));
        }
        if (!type.isInstance(value)) {
            String written = value instanceof org.apache.avro.generic.GenericContainer c
                    ? c.getSchema().getFullName() : value.getClass().getName();
            return Decoded.failed(Rejection.of(RejectionReason.UNKNOWN_TYPE,
                    "topic " + topic + " carries " + type.getSimpleName() + " records, this one is " + written));
        }
        return Decoded.ok(type.cast(value));
    }

    private static boolean isTransient(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RegistryException r && (r.isUnreachable() || r.status() >= 500)) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Throwable e) {
        StringBuilder b = new StringBuilder("cannot decode the value: ");
        String sep = "";
        for (Throwable t = e; t != null; t = t.getCause()) {
            b.append(sep).append(t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage());
            sep = "; caused by: ";
            if (t.getCause() == t) {
                break;
            }
        }
        return b.length() > 1000 ? b.substring(0, 1000) : b.toString();
    }

    @Override
    public void close() {
        deserializer.close();
    }

    record Decoded<T>(T value, Rejection rejection) {
        static <T> Decoded<T> ok(T value) {
            return new Decoded<>(value, null);
        }

        static <T> Decoded<T> failed(Rejection rejection) {
            return new Decoded<>(null, rejection);
        }
    }
}
