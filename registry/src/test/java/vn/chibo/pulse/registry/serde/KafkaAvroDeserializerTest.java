package vn.chibo.pulse.registry.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.util.Utf8;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import vn.chibo.pulse.registry.client.RegistryException;
import vn.chibo.pulse.registry.labels.Label;
import vn.chibo.pulse.registry.testdata.LabelHolder;
import vn.chibo.pulse.registry.testdata.MemberCard;

/** The deserializer reads Confluent-format bytes written by hand, not only bytes our serializer made. */
class KafkaAvroDeserializerTest {

    private static final Schema TINY = TinyRecord.SCHEMA;

    @RegisterExtension
    final MockRegistryScope scope = new MockRegistryScope("deser");

    private KafkaAvroDeserializer deserializer(boolean specific) {
        KafkaAvroDeserializer deserializer = new KafkaAvroDeserializer();
        deserializer.configure(Map.of("schema.registry.url", scope.url(),
                "specific.avro.reader", specific), false);
        return deserializer;
    }

    @Test
    void readsHandWrittenConfluentBytesIntoAGenericRecord() {
        int id = scope.registry().register("pulse.golden-value", TINY);
        byte[] bytes = {0x00, 0x00, 0x00, 0x00, (byte) id, (byte) 0xAC, 0x02, 0x06, 0x48, (byte) 0xC3, (byte) 0xA0};

        GenericRecord record = (GenericRecord) deserializer(false).deserialize("pulse.golden", bytes);

        assertThat(record.getSchema()).isEqualTo(TINY);
        assertThat(record.get("id")).isEqualTo(150L);
        assertThat(record.get("name")).isEqualTo(new Utf8("Hà"));
    }

    @Test
    void readsAStringPrimitiveAsAJavaString() {
        int id = scope.registry().register("pulse.prims-value", Schema.create(Schema.Type.STRING));
        byte[] bytes = {0x00, 0x00, 0x00, 0x00, (byte) id, 0x06, 0x48, (byte) 0xC3, (byte) 0xA0};

        assertThat(deserializer(false).deserialize("pulse.prims", bytes)).isEqualTo("Hà");
    }

    @Test
    void readsRawBytesOfABytesSchema() {
        int id = scope.registry().register("pulse.bytes-value", Schema.create(Schema.Type.BYTES));
        byte[] bytes = {0x00, 0x00, 0x00, 0x00, (byte) id, 7, 8, 9};

        assertThat((byte[]) deserializer(false).deserialize("pulse.bytes", bytes)).containsExactly(7, 8, 9);
    }

    @Test
    void nullBytesAreANullValue() {
        assertThat(deserializer(false).deserialize("pulse.golden", null)).isNull();
    }

    @Test
    void bytesWithoutTheMagicByteAreRejected() {
        assertThatThrownBy(() -> deserializer(false).deserialize("pulse.golden", new byte[] {1, 0, 0, 0, 1, 2}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("magic byte");
        assertThatThrownBy(() -> deserializer(false).deserialize("pulse.golden", new byte[] {0, 0, 0}))
                .isInstanceOf(SerializationException.class);
    }

    @Test
    void anUnknownSchemaIdIsASerializationErrorCarryingTheRegistryError() {
        assertThatThrownBy(() -> deserializer(false).deserialize("pulse.golden", new byte[] {0, 0, 0, 0x30, 0x39, 2}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("12345")
                .cause().isInstanceOf(RegistryException.class)
                .extracting(e -> ((RegistryException) e).errorCode()).isEqualTo(RegistryException.SCHEMA_NOT_FOUND);
    }

    @Test
    void specificReaderResolvesAnOlderWriterSchemaAgainstTheNewerClass() {
        // Version 1 of MemberCard, written by hand: memberId "M1", branchId "B7".
        int v1 = scope.registry().register("pulse.members-value", MemberCard.V1_SCHEMA);
        byte[] bytes = {0x00, 0x00, 0x00, 0x00, (byte) v1, 0x04, 'M', '1', 0x04, 'B', '7'};

        Object value = deserializer(true).deserialize("pulse.members", bytes);

        assertThat(value).isInstanceOf(MemberCard.class);
        MemberCard card = (MemberCard) value;
        assertThat(card.getMemberId()).isEqualTo("M1");
        assertThat(card.getBranchId()).isEqualTo("B7");
        assertThat(card.getStatus()).isEqualTo("OFFICIAL"); // the default of the field version 2 added
    }

    @Test
    void specificReaderTrustsThisProjectsPackagesWithoutTheSystemProperty() {
        assertThat(System.getProperty("org.apache.avro.SERIALIZABLE_PACKAGES")).isNull();
        int id = scope.registry().register("pulse.labels-value", LabelHolder.SCHEMA$);
        byte[] bytes = {0x00, 0x00, 0x00, 0x00, (byte) id, 0x04, 'o', 'k'};

        Object value = deserializer(true).deserialize("pulse.labels", bytes);

        assertThat(value).isInstanceOf(LabelHolder.class);
        assertThat(((LabelHolder) value).getLabel()).isInstanceOf(Label.class).hasToString("ok");
    }

    @Test
    void classesOfUntrustedPackagesAreStillRefused() {
        int id = scope.registry().register("pulse.labels-value", LabelHolder.SCHEMA$);
        byte[] bytes = {0x00, 0x00, 0x00, 0x00, (byte) id, 0x04, 'o', 'k'};
        KafkaAvroDeserializer deserializer = new KafkaAvroDeserializer();
        deserializer.configure(Map.of("schema.registry.url", scope.url(), "specific.avro.reader", true,
                "avro.trusted.packages", "org.example"), false);

        assertThatThrownBy(() -> deserializer.deserialize("pulse.labels", bytes))
                .isInstanceOf(SerializationException.class)
                .hasRootCauseInstanceOf(SecurityException.class);
    }
}
