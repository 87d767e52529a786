package vn.chibo.pulse.streams.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Hostile record values, crafted from a valid one. */
public final class CraftedAvro {
    private CraftedAvro() {}

    /**
     * The wire header (magic byte and schema id) of a valid record, then its first field, a string,
     * declared {@code length} bytes long (a zig-zag varint) and followed by only a few bytes.
     */
    public static byte[] declaringAStringOf(long length, byte[] valid) {
        ByteArrayOutputStream crafted = new ByteArrayOutputStream();
        crafted.write(valid, 0, 5);
        long zigzag = length << 1;
        while ((zigzag & ~0x7FL) != 0) {
            crafted.write((int) ((zigzag & 0x7F) | 0x80));
            zigzag >>>= 7;
        }
        crafted.write((int) zigzag);
        crafted.writeBytes("tiny".getBytes(StandardCharsets.US_ASCII));
        return crafted.toByteArray();
    }
}
