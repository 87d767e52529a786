package vn.chibo.pulse.sink.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import vn.chibo.pulse.aggregates.BranchCurrent;
import vn.chibo.pulse.aggregates.BranchMonthly;
import vn.chibo.pulse.aggregates.DistrictName;
import vn.chibo.pulse.domain.RejectionReason;
import vn.chibo.pulse.domain.Topics;
import vn.chibo.pulse.registry.serde.KafkaAvroDeserializer;
import vn.chibo.pulse.registry.serde.KafkaAvroSerializer;

class AggregateDecoderTest {

    private static final String REGISTRY = "mock://aggregate-decoder-test";

    private final KafkaAvroSerializer serializer = configured(new KafkaAvroSerializer(), REGISTRY);
    private final AggregateDecoder decoder = new AggregateDecoder(reader(REGISTRY));

    @Test
    void aValueBecomesAnUpsertOfTheRowItsKeyNames() throws Exception {
        BranchMonthly march = BranchMonthly.newBuilder().setBranchId("D01")
                .setMonth(LocalDate.of(2025, 3, 1)).setAdmissions(4).build();
        AggregateDecoder.Decoded d = decoder.decode(record(Topics.BRANCH_MONTHLY, "D01|2025-03", march));

        assertThat(d.rejection()).isNull();
        assertThat(d.change()).isInstanceOf(Change.Upsert.class);
        assertThat(d.change().row()).isEqualTo(new RowKey(Relation.BRANCH_MONTHLY, List.of("D01", LocalDate.of(2025, 3, 1))));
        assertThat(((Change.Upsert) d.change()).columnValues().get(0)).isEqualTo(4);
    }

    @Test
    void aTombstoneBecomesADeleteOfTheRowItsKeyNames() throws Exception {
        AggregateDecoder.Decoded d = decoder.decode(raw(Topics.BRANCH_YEARLY, "D07|2024", null));
        assertThat(d.change()).isEqualTo(new Change.Delete(new RowKey(Relation.BRANCH_YEARLY, List.of("D07", 2024))));
    }

    @Test
    void bytesThatAreNotAvroAreRejectedAsUndeserializable() throws Exception {
        AggregateDecoder.Decoded d = decoder.decode(raw(Topics.BRANCH_CURRENT, "D01", "not avro".getBytes()));
        assertThat(d.change()).isNull();
        assertThat(d.rejection().reason()).isEqualTo(RejectionReason.UNDESERIALIZABLE);
        assertThat(d.rejection().message()).contains("magic byte");
    }

    @Test
    void aValueOfAnotherAggregateTypeIsRejected() throws Exception {
        DistrictName name = DistrictName.newBuilder().setDistrictCode("D01").setDistrictName("Huyện Đức Thọ").build();
        // registered under its own subject, then found on the wrong topic
        byte[] bytes = serializer.serialize(Topics.DISTRICTS, name);
        AggregateDecoder.Decoded d = decoder.decode(raw(Topics.BRANCH_CURRENT, "D01", bytes));
        assertThat(d.rejection().reason()).isEqualTo(RejectionReason.UNDESERIALIZABLE);
        assertThat(d.rejection().message()).contains("expected a BranchCurrent");
    }

    @Test
    void aKeyThatNamesAnotherRowThanItsValueIsRejected() throws Exception {
        BranchCurrent d02 = BranchCurrent.newBuilder().setBranchId("D02").build();
        AggregateDecoder.Decoded d = decoder.decode(record(Topics.BRANCH_CURRENT, "D01", d02));
        assertThat(d.rejection().reason()).isEqualTo(RejectionReason.KEY_DOES_NOT_MATCH_VALUE);
    }

    @Test
    void aMalformedTombstoneKeyIsRejected() throws Exception {
        AggregateDecoder.Decoded d = decoder.decode(raw(Topics.BRANCH_MONTHLY, "D01|March", null));
        assertThat(d.rejection().reason()).isEqualTo(RejectionReason.UNDESERIALIZABLE);
    }

    @Test
    void anUnreachableRegistryIsATransientFailureNotADeadLetter() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        BranchCurrent d01 = BranchCurrent.newBuilder().setBranchId("D01").build();
        ConsumerRecord<byte[], byte[]> encoded = record(Topics.BRANCH_CURRENT, "D01", d01);
        AggregateDecoder cutOff = new AggregateDecoder(reader("http://127.0.0.1:" + closedPort));

        assertThatThrownBy(() -> cutOff.decode(encoded)).isInstanceOf(TransientFailure.class);
    }

    private ConsumerRecord<byte[], byte[]> record(String topic, String key, SpecificRecord value) {
        return raw(topic, key, serializer.serialize(topic, value));
    }

    private static ConsumerRecord<byte[], byte[]> raw(String topic, String key, byte[] value) {
        return new ConsumerRecord<>(topic, 0, 0L, key.getBytes(StandardCharsets.UTF_8), value);
    }

    private static KafkaAvroDeserializer reader(String url) {
        KafkaAvroDeserializer d = new KafkaAvroDeserializer();
        d.configure(Map.of("schema.registry.url", url, "specific.avro.reader", true), false);
        return d;
    }

    private static KafkaAvroSerializer configured(KafkaAvroSerializer s, String url) {
        s.configure(Map.of("schema.registry.url", url), false);
        return s;
    }
}
