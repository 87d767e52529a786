package vn.chibo.pulse.streams.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vn.chibo.pulse.aggregates.BranchCurrent;
import vn.chibo.pulse.domain.Topics;
import vn.chibo.pulse.events.Branch;
import vn.chibo.pulse.events.BranchKind;
import vn.chibo.pulse.events.Commune;
import vn.chibo.pulse.events.District;
import vn.chibo.pulse.events.MemberEvent;
import vn.chibo.pulse.events.MemberRegistered;
import vn.chibo.pulse.events.MemberStatus;
import vn.chibo.pulse.events.ReferenceEvent;
import vn.chibo.pulse.events.RejectedEvent;
import vn.chibo.pulse.registry.serde.KafkaAvroSerializer;
import vn.chibo.pulse.registry.server.SchemaRegistryServer;
import vn.chibo.pulse.stack.EmbeddedKafka;
import vn.chibo.pulse.streams.StreamsService;
import vn.chibo.pulse.streams.internal.Rejections;
import vn.chibo.pulse.streams.testing.CraftedAvro;

/**
 * Hostile records on the real broker, among valid events: bytes declaring a 2 GB string, a record
 * without a key, and a record whose dead letter is larger than pulse.rejected takes (its
 * max.message.bytes lowered to 32 KiB). Each gets its dead letter, the large one cut to fit with its
 * reason and source position whole; the app keeps running, and every valid event is counted exactly.
 * (Before dead letters were cut to fit, the large one failed the task again and again until the app
 * stopped.)
 */
class HostileRecordsAmongValidEventsTest {
    private static final int MEMBERS = 300;
    private static final int REJECTED_MAX_MESSAGE_BYTES = 32 * 1024;

    @TempDir
    Path dir;

    @Test
    void hostileRecordsGetTheirDeadLettersAndEveryValidEventIsCounted() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"));
                SchemaRegistryServer registry = SchemaRegistryServer.start("127.0.0.1", 0, kafka.bootstrapServers())) {
            TestStack.createInputTopics(kafka, 2);
            kafka.createTopic(Topics.REJECTED, 2, "max.message.bytes", String.valueOf(REJECTED_MAX_MESSAGE_BYTES));
            try (StreamsService app = StreamsService.start(
                    TestStack.appSettings("pulse-hostile", kafka, registry, dir.resolve("state"), 2, 16));
                    KafkaProducer<String, byte[]> producer = producer(kafka.bootstrapServers())) {
                assertThat(app.awaitRunning(Duration.ofSeconds(90))).as("app running").isTrue();
                KafkaAvroSerializer avro = new KafkaAvroSerializer();
                avro.configure(Map.of("schema.registry.url", registry.url()), false);

                send(producer, Topics.REFERENCE, "District:D1", avro.serialize(Topics.REFERENCE, new ReferenceEvent("r1", new District("D1", "Huyện 1"))));
                send(producer, Topics.REFERENCE, "Commune:C1", avro.serialize(Topics.REFERENCE, new ReferenceEvent("r2", new Commune("C1", "Xã 1", "D1"))));
                send(producer, Topics.REFERENCE, "Branch:B1",
                        avro.serialize(Topics.REFERENCE, new ReferenceEvent("r3", new Branch("B1", "Chi bộ 1", "C1", BranchKind.VILLAGE))));

                byte[] hugeEventId = null;
                RecordMetadata oversized = null;
                byte[] oversizedValue = null;
                for (int m = 1; m <= MEMBERS; m++) {
                    String member = "M" + m;
                    byte[] valid = avro.serialize(Topics.MEMBER_EVENTS, registered("e" + m, member));
                    send(producer, Topics.MEMBER_EVENTS, member, valid);
                    if (m == 100) {
                        send(producer, Topics.MEMBER_EVENTS, "MX", CraftedAvro.declaringAStringOf(1L << 31, valid)); // 2 GiB
                    } else if (m == 150) {
                        send(producer, Topics.MEMBER_EVENTS, null, avro.serialize(Topics.MEMBER_EVENTS, registered("keyless", "MK")));
                    } else if (m == 200) {
                        hugeEventId = "x".repeat(100_000).getBytes(StandardCharsets.UTF_8);
                        oversizedValue = avro.serialize(Topics.MEMBER_EVENTS, registered(new String(hugeEventId, StandardCharsets.UTF_8), "MB"));
                        oversized = send(producer, Topics.MEMBER_EVENTS, "MB", oversizedValue);
                    }
                }
                producer.flush();

                try (OutputTopics out = new OutputTopics(kafka.bootstrapServers(), registry.url(),
                        List.of(Topics.BRANCH_CURRENT, Topics.REJECTED), Topics.REJECTED)) {
                    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
                    while (!(active(out) == MEMBERS && out.rejected.size() >= 3) && System.nanoTime() < deadline) {
                        Thread.sleep(200);
                        out.catchUp();
                    }
                    assertThat(app.state()).isEqualTo(KafkaStreams.State.RUNNING);
                    assertThat(active(out)).as("every valid member counted once").isEqualTo(MEMBERS);
                    assertThat(out.rejectedByReason()).containsExactlyInAnyOrderEntriesOf(
                            Map.of("UNDESERIALIZABLE", 1L, "MISSING_KEY", 1L, "TOO_LONG", 1L));

                    ConsumerRecord<String, Object> letter = out.rejected.stream()
                            .filter(r -> ((RejectedEvent) r.value()).getReason().equals("TOO_LONG")).findFirst().orElseThrow();
                    RejectedEvent cut = (RejectedEvent) letter.value();
                    assertThat(cut.getTruncated()).isTrue();
                    assertThat(letter.headers().lastHeader(Rejections.TRUNCATED_HEADER)).isNotNull();
                    assertThat(cut.getSourceTopic()).isEqualTo(Topics.MEMBER_EVENTS);
                    assertThat(cut.getSourcePartition()).isEqualTo(oversized.partition());
                    assertThat(cut.getSourceOffset()).isEqualTo(oversized.offset());
                    assertThat(cut.getKey()).isEqualTo("MB");
                    assertThat(new String(hugeEventId, StandardCharsets.UTF_8)).as("eventId: as much as fits").startsWith(cut.getEventId());
                    byte[] kept = new byte[cut.getValue().remaining()];
                    cut.getValue().duplicate().get(kept);
                    assertThat(kept).as("as much of the value as fits").hasSizeLessThan(oversizedValue.length)
                            .isEqualTo(java.util.Arrays.copyOf(oversizedValue, kept.length));
                    assertThat(letter.serializedValueSize()).isLessThan(REJECTED_MAX_MESSAGE_BYTES);
                    for (ConsumerRecord<String, Object> other : out.rejected) {
                        if (other != letter) {
                            assertThat(((RejectedEvent) other.value()).getTruncated()).isFalse();
                        }
                    }
                }
            }
        }
    }

    private static long active(OutputTopics out) {
        return out.<BranchCurrent>of(Topics.BRANCH_CURRENT).values().stream().mapToLong(BranchCurrent::getMembersActive).sum();
    }

    private static MemberEvent registered(String eventId, String member) {
        return new MemberEvent(eventId, new MemberRegistered(member, "B1", MemberStatus.OFFICIAL, LocalDate.of(2020, 1, 1)));
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    private static RecordMetadata send(KafkaProducer<String, byte[]> producer, String topic, String key, byte[] value) throws Exception {
        return producer.send(new ProducerRecord<>(topic, key, value)).get();
    }
}
