package vn.chibo.pulse.registry.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import vn.chibo.pulse.registry.client.MockSchemaRegistry;
import vn.chibo.pulse.registry.client.RegistryException;
import vn.chibo.pulse.registry.testdata.MemberCard;

class AvroSerdesTest {

    @RegisterExtension
    final MockRegistryScope scope = new MockRegistryScope("serdes");

    private Map<String, Object> config(Object... keyValues) {
        Map<String, Object> config = new HashMap<>();
        config.put("schema.registry.url", scope.url());
        for (int i = 0; i < keyValues.length; i += 2) {
            config.put((String) keyValues[i], keyValues[i + 1]);
        }
        return config;
    }

    private static GenericRecord v1Card(String memberId, String branchId) {
        GenericRecord record = new GenericData.Record(MemberCard.V1_SCHEMA);
        record.put("memberId", memberId);
        record.put("branchId", branchId);
        return record;
    }

    @Test
    void specificSerdeRoundTripsAGeneratedRecord() {
        try (SpecificAvroSerde<MemberCard> serde = new SpecificAvroSerde<>()) {
            serde.configure(config(), false);
            MemberCard card = new MemberCard("M1", "B1", "PROBATIONARY");

            byte[] bytes = serde.serializer().serialize("pulse.cards", card);
            MemberCard back = serde.deserializer().deserialize("pulse.cards", bytes);

            assertThat(back.getMemberId()).isEqualTo("M1");
            assertThat(back.getBranchId()).isEqualTo("B1");
            assertThat(back.getStatus()).isEqualTo("PROBATIONARY");
            assertThat(scope.registry().getAllSubjects()).containsExactly("pulse.cards-value");
        }
    }

    @Test
    void serdeConfiguredForKeysRegistersUnderTheKeySubject() {
        try (GenericAvroSerde serde = new GenericAvroSerde()) {
            serde.configure(config(), true);

            byte[] bytes = serde.serializer().serialize("pulse.cards", v1Card("M2", "B2"));
            GenericRecord back = serde.deserializer().deserialize("pulse.cards", bytes);

            assertThat(back.get("memberId")).hasToString("M2");
            assertThat(scope.registry().getAllSubjects()).containsExactly("pulse.cards-key");
        }
    }

    @Test
    void recordsWrittenWithVersion1ReadIntoVersion2ClassWithTheDefault() {
        KafkaAvroSerializer writer = new KafkaAvroSerializer();
        writer.configure(config(), false);
        byte[] v1Bytes = writer.serialize("pulse.cards", v1Card("M3", "B3"));
        try (SpecificAvroSerde<MemberCard> serde = new SpecificAvroSerde<>()) {
            serde.configure(config(), false);

            MemberCard card = serde.deserializer().deserialize("pulse.cards", v1Bytes);

            assertThat(card.getMemberId()).isEqualTo("M3");
            assertThat(card.getStatus()).isEqualTo("OFFICIAL");
        }
        // Version 2 only adds a defaulted field, so BACKWARD (the default level) accepts it as version 2.
        try (SpecificAvroSerde<MemberCard> serde = new SpecificAvroSerde<>()) {
            serde.configure(config(), false);
            serde.serializer().serialize("pulse.cards", new MemberCard("M4", "B4", "OFFICIAL"));
        }
        assertThat(scope.registry().getAllVersions("pulse.cards-value")).containsExactly(1, 2);
    }

    @Test
    void nullsAreTombstonesBothWays() {
        try (SpecificAvroSerde<MemberCard> serde = new SpecificAvroSerde<>()) {
            serde.configure(config(), false);
            assertThat(serde.serializer().serialize("pulse.cards", null)).isNull();
            assertThat(serde.deserializer().deserialize("pulse.cards", null)).isNull();
        }
    }

    @Test
    void withoutAutoRegisterAnUnregisteredSchemaIsAnError() {
        KafkaAvroSerializer serializer = new KafkaAvroSerializer();
        serializer.configure(config("auto.register.schemas", false), false);

        assertThatThrownBy(() -> serializer.serialize("pulse.cards", v1Card("M5", "B5")))
                .isInstanceOf(SerializationException.class)
                .cause().isInstanceOf(RegistryException.class)
                .extracting(e -> ((RegistryException) e).errorCode()).isEqualTo(RegistryException.SUBJECT_NOT_FOUND);
        assertThat(scope.registry().getAllSubjects()).isEmpty();
    }

    @Test
    void withoutAutoRegisterARegisteredSchemaIsLookedUp() {
        int id = scope.registry().register("pulse.cards-value", MemberCard.V1_SCHEMA);
        KafkaAvroSerializer serializer = new KafkaAvroSerializer();
        serializer.configure(config("auto.register.schemas", false), false);

        byte[] bytes = serializer.serialize("pulse.cards", v1Card("M6", "B6"));

        assertThat(bytes[4]).isEqualTo((byte) id);
        assertThat(scope.registry().getAllVersions("pulse.cards-value")).containsExactly(1);
    }

    @Test
    void useLatestVersionWritesWithTheSubjectsLatestSchema() {
        scope.registry().register("pulse.cards-value", MemberCard.V1_SCHEMA);
        int latest = scope.registry().register("pulse.cards-value", MemberCard.SCHEMA$);
        KafkaAvroSerializer serializer = new KafkaAvroSerializer();
        serializer.configure(config("auto.register.schemas", false, "use.latest.version", true), false);

        byte[] bytes = serializer.serialize("pulse.cards", new MemberCard("M7", "B7", "OFFICIAL"));

        assertThat(bytes[4]).isEqualTo((byte) latest);
    }

    @Test
    void recordNameStrategiesNameSubjectsAfterTheRecord() {
        KafkaAvroSerializer byRecord = new KafkaAvroSerializer();
        byRecord.configure(config("value.subject.name.strategy", "io.confluent.kafka.serializers.subject.RecordNameStrategy"), false);
        KafkaAvroSerializer byTopicAndRecord = new KafkaAvroSerializer();
        byTopicAndRecord.configure(config("key.subject.name.strategy", TopicRecordNameStrategy.class.getName()), true);

        byRecord.serialize("pulse.cards", v1Card("M8", "B8"));
        byTopicAndRecord.serialize("pulse.cards", v1Card("M8", "B8"));

        assertThat(scope.registry().getAllSubjects()).containsExactlyInAnyOrder(
                "vn.chibo.pulse.registry.testdata.MemberCard",
                "pulse.cards-vn.chibo.pulse.registry.testdata.MemberCard");
    }

    @Test
    void anUnknownStrategyIsAConfigError() {
        KafkaAvroSerializer serializer = new KafkaAvroSerializer();
        assertThatThrownBy(() -> serializer.configure(config("value.subject.name.strategy", "NoSuchStrategy"), false))
                .isInstanceOf(ConfigException.class);
    }

    @Test
    void theRegistryUrlIsRequired() {
        assertThatThrownBy(() -> new KafkaAvroSerializer().configure(Map.of(), false))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("schema.registry.url");
    }

    @Test
    void anIncompatibleSchemaIsRefusedWithTheRegistrys409() {
        KafkaAvroSerializer serializer = new KafkaAvroSerializer();
        serializer.configure(config(), false);
        serializer.serialize("pulse.cards", v1Card("M9", "B9"));
        Schema incompatible = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"MemberCard\","
                + "\"namespace\":\"vn.chibo.pulse.registry.testdata\",\"fields\":[{\"name\":\"memberId\",\"type\":\"long\"}]}");
        GenericRecord record = new GenericData.Record(incompatible);
        record.put("memberId", 9L);

        assertThatThrownBy(() -> serializer.serialize("pulse.cards", record))
                .isInstanceOf(SerializationException.class)
                .cause().isInstanceOf(RegistryException.class)
                .extracting(e -> ((RegistryException) e).status()).isEqualTo(409);
    }

    @Test
    void mockScopesAreSharedByNameAndSeparateFromEachOther() {
        String other = scope.name() + "-other";
        try {
            KafkaAvroSerializer serializer = new KafkaAvroSerializer();
            serializer.configure(config(), false);
            serializer.serialize("pulse.cards", v1Card("M10", "B10"));

            assertThat(MockSchemaRegistry.getClientForScope(scope.name()).getAllSubjects())
                    .containsExactly("pulse.cards-value");
            assertThat(MockSchemaRegistry.getClientForScope(other).getAllSubjects()).isEmpty();
        } finally {
            MockSchemaRegistry.dropScope(other);
        }
    }
}
