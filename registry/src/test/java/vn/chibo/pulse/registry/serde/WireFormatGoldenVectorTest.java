package vn.chibo.pulse.registry.serde;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import vn.chibo.pulse.registry.client.CompatibilityLevel;

/**
 * The bytes our serializer writes are exactly those Confluent's wire format prescribes: magic byte 0,
 * the schema id in 4 bytes big-endian, then the Avro binary encoding (zig-zag varints, length-prefixed
 * UTF-8). Every expected byte below is worked out by hand.
 */
class WireFormatGoldenVectorTest {

    private static final Schema TINY = TinyRecord.SCHEMA;

    @RegisterExtension
    final MockRegistryScope scope = new MockRegistryScope("golden");

    /** Registers 257 other schemas so that the next id is 258 = 0x00000102: every id byte then matters. */
    private void useUpIdsUpTo257() {
        scope.registry().updateCompatibility("filler", CompatibilityLevel.NONE);
        for (int i = 1; i <= 257; i++) {
            scope.registry().register("filler", Schema.createFixed("F" + i, null, "vn.chibo.pulse.filler", i));
        }
    }

    private KafkaAvroSerializer valueSerializer() {
        KafkaAvroSerializer serializer = new KafkaAvroSerializer();
        serializer.configure(Map.of("schema.registry.url", scope.url()), false);
        return serializer;
    }

    @Test
    void recordIsWrittenAsMagicByteBigEndianIdAndAvroBinary() {
        useUpIdsUpTo257();
        GenericRecord record = new GenericData.Record(TINY);
        record.put("id", 150L);   // zig-zag 300 = 0b1_0010_1100 -> varint 0xAC 0x02
        record.put("name", "Hà"); // UTF-8 48 C3 A0, 3 bytes -> length zig-zag 6 -> 0x06

        byte[] written = valueSerializer().serialize("pulse.golden", record);

        byte[] expected = {
            0x00,                               // magic byte
            0x00, 0x00, 0x01, 0x02,             // schema id 258, big-endian
            (byte) 0xAC, 0x02,                  // id: long 150
            0x06, 0x48, (byte) 0xC3, (byte) 0xA0 // name: "Hà"
        };
        assertThat(written).containsExactly(expected);
        assertThat(scope.registry().getId("pulse.golden-value", TINY)).isEqualTo(258);
    }

    @Test
    void negativeNumbersAreZigZagEncoded() {
        GenericRecord record = new GenericData.Record(TINY);
        record.put("id", -1L);  // zig-zag 1
        record.put("name", ""); // empty string: length 0

        byte[] written = valueSerializer().serialize("pulse.golden", record);

        assertThat(written).containsExactly(0x00, 0x00, 0x00, 0x00, 0x01, 0x01, 0x00);
    }

    @Test
    void primitivesAreWrittenWithTheirPrimitiveSchemas() {
        KafkaAvroSerializer serializer = valueSerializer();

        byte[] string = serializer.serialize("pulse.prims", "Hà");
        assertThat(string).containsExactly(0x00, 0x00, 0x00, 0x00, 0x01, 0x06, 0x48, 0xC3, 0xA0);
        assertThat(scope.registry().getSchemaById(1).getType()).isEqualTo(Schema.Type.STRING);

        byte[] integer = new KafkaAvroSerializer(scope.registry(), Map.of()).serialize("pulse.ints", 150);
        assertThat(integer).containsExactly(0x00, 0x00, 0x00, 0x00, 0x02, 0xAC, 0x02);
        assertThat(scope.registry().getSchemaById(2).getType()).isEqualTo(Schema.Type.INT);
    }

    @Test
    void bytesAreWrittenRawAfterTheHeaderAsConfluentDoes() {
        byte[] written = valueSerializer().serialize("pulse.bytes", new byte[] {7, 8, 9});

        assertThat(written).containsExactly(0x00, 0x00, 0x00, 0x00, 0x01, 7, 8, 9);
    }

    @Test
    void nullValueIsATombstone() {
        assertThat(valueSerializer().serialize("pulse.golden", null)).isNull();
    }
}
