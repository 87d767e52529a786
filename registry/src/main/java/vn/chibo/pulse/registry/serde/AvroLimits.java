package vn.chibo.pulse.registry.serde;

import org.apache.avro.SystemLimitException;

/**
 * Bounds on what Avro's binary decoder may allocate for one string, bytes value or collection. Avro
 * trusts the lengths written in the data: a crafted record of a few bytes that declares a 2 GB string
 * would exhaust the heap, and again on every restart. Avro reads these limits once, when its decoder
 * first needs them, so they are set here, before this project decodes anything; a value set on the
 * command line ({@code -Dorg.apache.avro.limits...}) wins.
 */
public final class AvroLimits {
    /** Longest string or bytes value decoded: a whole event line may not be longer (1 MiB). */
    public static final int MAX_LENGTH = 1 << 20;
    /** Most items in one array or map: far above any meeting's absentees. */
    public static final int MAX_ITEMS = 100_000;

    private AvroLimits() {}

    /** Sets the limits unless already set; idempotent. */
    public static void apply() {
        setIfAbsent(SystemLimitException.MAX_STRING_LENGTH_PROPERTY, MAX_LENGTH);
        setIfAbsent(SystemLimitException.MAX_BYTES_LENGTH_PROPERTY, MAX_LENGTH);
        setIfAbsent(SystemLimitException.MAX_COLLECTION_LENGTH_PROPERTY, MAX_ITEMS);
    }

    private static void setIfAbsent(String property, int value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, Integer.toString(value));
        }
    }
}
