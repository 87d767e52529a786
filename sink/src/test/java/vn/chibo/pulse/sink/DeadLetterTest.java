package vn.chibo.pulse.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.chibo.pulse.aggregates.BranchCurrent;
import vn.chibo.pulse.aggregates.DistrictName;
import vn.chibo.pulse.domain.RejectionReason;
import vn.chibo.pulse.domain.Topics;
import vn.chibo.pulse.events.RejectedEvent;
import vn.chibo.pulse.registry.serde.KafkaAvroSerializer;

/** Records the sink cannot write go to the dead-letter topic with their reason, and the sink goes on. */
class DeadLetterTest {

    @TempDir
    Path dir;
    private KafkaStack stack;
    private KafkaAvroSerializer avro;

    @BeforeEach
    void startKafka() {
        stack = KafkaStack.start(dir, 1);
        avro = new KafkaAvroSerializer();
        avro.configure(Map.of("schema.registry.url", stack.registryUrl()), false);
    }

    @AfterEach
    void stopKafka() {
        stack.close();
    }

    /** What was sent, where it landed. */
    private record Sent(String topic, String key, byte[] value, long offset) {}

    @Test
    void aRecordThatCannotBeWrittenLandsOnTheDeadLetterTopicWithItsReasonAndTheSinkGoesOn() throws Exception {
        try (TestDatabase db = TestDatabase.create("deadletters");
             KafkaProducer<String, byte[]> producer = stack.rawProducer();
             SinkService sink = SinkService.start(stack.sinkSettings(db.url(), "dead-letter-sink"))) {
            assertThat(sink.awaitRunning(Duration.ofSeconds(60))).isTrue();

            send(producer, Topics.BRANCH_CURRENT, "D01", current("D01", 10));
            Sent garbage = send(producer, Topics.BRANCH_CURRENT, "D02", "not Avro at all".getBytes(StandardCharsets.UTF_8));
            Sent negative = send(producer, Topics.BRANCH_CURRENT, "D03", current("D03", -4));
            Sent misfiled = send(producer, Topics.BRANCH_CURRENT, "D04", current("D05", 7));
            Sent nul = send(producer, Topics.DISTRICTS, "D06", avro.serialize(Topics.DISTRICTS,
                    DistrictName.newBuilder().setDistrictCode("D06").setDistrictName("Huyện\u0000Lộc Hà").build()));
            send(producer, Topics.BRANCH_CURRENT, "D06", current("D06", 60));

            Eventually.within(Duration.ofSeconds(30), "four dead letters", () -> stack.rejected().size() >= 4);
            List<ConsumerRecord<byte[], Object>> letters = stack.rejected();
            assertThat(letters).hasSize(4);
            assertLetter(letters, garbage, RejectionReason.UNDESERIALIZABLE, "magic byte");
            assertLetter(letters, negative, RejectionReason.REFUSED_BY_DATABASE, "SQLSTATE 23514");
            assertLetter(letters, misfiled, RejectionReason.KEY_DOES_NOT_MATCH_VALUE, "D05");
            assertLetter(letters, nul, RejectionReason.REFUSED_BY_DATABASE, "SQLSTATE 22021");

            // the sink went on: the good records around the bad ones are there, and so is a later one
            send(producer, Topics.BRANCH_CURRENT, "D07", current("D07", 70));
            Eventually.within(Duration.ofSeconds(30), "a record after the dead letters is written", () -> {
                try (Connection c = db.connect()) {
                    return MigrationsTest.strings(c, "SELECT branch_id FROM reporting.branch_current ORDER BY 1")
                            .equals(List.of("D01", "D06", "D07"));
                }
            });
            try (Connection c = db.connect()) {
                assertThat(MigrationsTest.strings(c, "SELECT count(*) FROM reporting.districts")).containsExactly("0");
                assertThat(MigrationsTest.strings(c,
                        "SELECT count(*) FROM pulse_sink.dead_letters WHERE published_at IS NOT NULL")).containsExactly("4");
            }
            assertThat(sink.health().healthy()).isTrue();
            assertThat(sink.health().deadLetters()).isEqualTo(4);
        }
    }

    @Test
    void deadLettersLeftUnsentByACrashAreSentWhenTheSinkStarts() throws Exception {
        try (TestDatabase db = TestDatabase.create("outbox")) {
            ReportingSchema.migrate(db.url(), "", "");
            byte[] value = {9, 9, 9};
            // committed with its offsets, then the process died before publishing it
            try (Connection c = db.connect(); PreparedStatement s = c.prepareStatement(
                    "INSERT INTO pulse_sink.dead_letters (sink_name, source_topic, source_partition, source_offset, "
                            + "record_key, record_value, reason, message) VALUES ('outbox-sink', ?, 0, 41, 'D09', ?, "
                            + "'UNDESERIALIZABLE', 'left behind')")) {
                s.setString(1, Topics.BRANCH_CURRENT);
                s.setBytes(2, value);
                s.executeUpdate();
            }
            try (SinkService sink = SinkService.start(stack.sinkSettings(db.url(), "outbox-sink"))) {
                assertThat(sink.awaitRunning(Duration.ofSeconds(60))).isTrue();
                Eventually.within(Duration.ofSeconds(30), "the letter is published", () -> stack.rejected().size() == 1);
                RejectedEvent letter = KafkaStack.asRejected(stack.rejected().get(0));
                assertThat(letter.getSourceOffset()).isEqualTo(41L);
                assertThat(letter.getMessage()).isEqualTo("left behind");
                assertThat(bytes(letter.getValue())).isEqualTo(value);
                Eventually.within(Duration.ofSeconds(10), "marked as published", () -> {
                    try (Connection c = db.connect()) {
                        return MigrationsTest.strings(c, "SELECT count(*) FROM pulse_sink.dead_letters "
                                + "WHERE published_at IS NULL").equals(List.of("0"));
                    }
                });
            }
        }
    }

    @Test
    void aDeadLetterTooLargeForTheTopicKeepsItsReasonAndSourceAndAsMuchOfTheValueAsFits() throws Exception {
        int topicMax = 16 * 1024;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrap()))) {
            ConfigResource rejected = new ConfigResource(ConfigResource.Type.TOPIC, Topics.REJECTED);
            admin.incrementalAlterConfigs(Map.of(rejected, List.of(new AlterConfigOp(
                    new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(topicMax)), AlterConfigOp.OpType.SET))))
                    .all().get();
        }
        try (TestDatabase db = TestDatabase.create("bigletter");
             KafkaProducer<String, byte[]> producer = stack.rawProducer();
             SinkService sink = SinkService.start(stack.sinkSettings(db.url(), "big-letter-sink"))) {
            assertThat(sink.awaitRunning(Duration.ofSeconds(60))).isTrue();
            byte[] garbage = new byte[100_000];
            java.util.Arrays.fill(garbage, (byte) 'g');
            Sent big = send(producer, Topics.BRANCH_CURRENT, "D02", garbage);
            send(producer, Topics.BRANCH_CURRENT, "D03", current("D03", 30));

            Eventually.within(Duration.ofSeconds(30), "the letter is published", () -> stack.rejected().size() == 1);
            ConsumerRecord<byte[], Object> record = stack.rejected().get(0);
            RejectedEvent letter = KafkaStack.asRejected(record);
            assertThat(letter.getTruncated()).isTrue();
            assertThat(letter.getReason()).isEqualTo(RejectionReason.UNDESERIALIZABLE.name());
            assertThat(letter.getSourceTopic()).isEqualTo(Topics.BRANCH_CURRENT);
            assertThat(letter.getSourceOffset()).isEqualTo(big.offset());
            assertThat(letter.getKey()).isEqualTo("D02");
            byte[] kept = bytes(letter.getValue());
            assertThat(kept).hasSizeGreaterThan(topicMax / 2).hasSizeLessThan(topicMax)
                    .isEqualTo(java.util.Arrays.copyOf(garbage, kept.length));
            assertThat(record.serializedValueSize()).isLessThan(topicMax);
            Eventually.within(Duration.ofSeconds(30), "the record after it is written", () -> {
                try (Connection c = db.connect()) {
                    return MigrationsTest.strings(c, "SELECT branch_id FROM reporting.branch_current").equals(List.of("D03"));
                }
            });
            assertThat(sink.health().healthy()).isTrue();
        }
    }

    private void assertLetter(List<ConsumerRecord<byte[], Object>> letters, Sent sent, RejectionReason reason, String says) {
        List<RejectedEvent> matching = new ArrayList<>();
        for (ConsumerRecord<byte[], Object> r : letters) {
            RejectedEvent e = KafkaStack.asRejected(r);
            if (e.getSourceTopic().equals(sent.topic()) && e.getSourceOffset() == sent.offset()) {
                matching.add(e);
                assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(sent.key());
            }
        }
        assertThat(matching).as("letter for %s@%d", sent.topic(), sent.offset()).singleElement().satisfies(e -> {
            assertThat(e.getReason()).isEqualTo(reason.name());
            assertThat(e.getMessage()).contains(says);
            assertThat(e.getRejectedBy()).isEqualTo("sink");
            assertThat(e.getSourcePartition()).isZero();
            assertThat(e.getKey()).isEqualTo(sent.key());
            assertThat(bytes(e.getValue())).isEqualTo(sent.value());
            assertThat(e.getRejectedAt()).isNotNull();
        });
    }

    private byte[] current(String code, int members) {
        SpecificRecord value = BranchCurrent.newBuilder().setBranchId(code).setMembersActive(members).build();
        return avro.serialize(Topics.BRANCH_CURRENT, value);
    }

    private static Sent send(KafkaProducer<String, byte[]> producer, String topic, String key, byte[] value)
            throws Exception {
        RecordMetadata m = producer.send(new ProducerRecord<>(topic, key, value)).get();
        return new Sent(topic, key, value, m.offset());
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }
}
