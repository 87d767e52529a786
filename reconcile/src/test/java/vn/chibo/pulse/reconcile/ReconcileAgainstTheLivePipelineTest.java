package vn.chibo.pulse.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import vn.chibo.pulse.domain.Topics;
import vn.chibo.pulse.events.RejectedEvent;
import vn.chibo.pulse.producers.simulator.EventGenerator;
import vn.chibo.pulse.producers.simulator.ProvinceSimulator;
import vn.chibo.pulse.producers.simulator.Scale;
import vn.chibo.pulse.producers.simulator.SimulatedEvent;
import vn.chibo.pulse.registry.serde.KafkaAvroDeserializer;

/**
 * Reconcile against the real pipeline running in this JVM, over one history: a generated
 * province plus {@link HandMadeHistory}. The tests run in order on the same pipeline.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReconcileAgainstTheLivePipelineTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private InProcessPipeline pipeline;

    @BeforeAll
    void startPipelineAndPublishHistory() throws Exception {
        // reference.wait.ms 0: a branch unknown is refused at once; the reference data is visible before anything names it
        List<SimulatedEvent> generated = EventGenerator.until(ProvinceSimulator.synthetic(Scale.of(3, 150, 3_000), 17L,
                LocalDate.of(2026, 8, 1), 0.01, 0.01), LocalDate.of(2026, 11, 30)).toList();
        pipeline = new InProcessPipeline(dir, 0);
        pipeline.publishLines(HandMadeHistory.reference());
        pipeline.publishUnchecked(generated.stream().filter(e -> e.phase() == SimulatedEvent.Phase.REFERENCE)
                .map(SimulatedEvent::envelope).toList());
        awaitBranchesInDatabase(9);
        pipeline.publishUnchecked(generated.stream().filter(e -> e.phase() != SimulatedEvent.Phase.REFERENCE)
                .map(SimulatedEvent::envelope).toList());
        pipeline.publishLines(HandMadeHistory.members());
        pipeline.publishLines(HandMadeHistory.meetings());
        pipeline.publishUnchecked(HandMadeHistory.invalidAlone());
        pipeline.publishLines(HandMadeHistory.reorganisation());
    }

    @AfterAll
    void stopPipeline() throws Exception {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    @Order(1)
    void agreesWithThePipelineAfterAGeneratedHistoryWithReorganisationTransfersExemptionsScoresAndRefusals() throws Exception {
        InProcessPipeline.Run run = pipeline.reconcile("--json");

        assertThat(run.status()).as(run.out() + run.err()).isZero();
        JsonNode report = JSON.readTree(run.out());
        assertThat(report.get("agreed").asBoolean()).isTrue();
        assertThat(report.get("differences").asLong()).isZero();
        assertThat(relation(report, "branch_monthly").get("rows").asLong()).isGreaterThan(20);
        assertThat(relation(report, "refusals").get("rows").asLong())
                .as("refusals compared per reason").isGreaterThanOrEqualTo(5);
        assertThat(report.get("notes").toString()).doesNotContain("not compared");
    }

    @Test
    @Order(2)
    void reportsTheExactCellsOfABranchMonthlyRowAlteredByHand() throws Exception {
        pipeline.database.execute("UPDATE reporting.branch_monthly SET admissions = admissions + 7 "
                + "WHERE branch_id = 'HB1' AND month = DATE '2026-09-01'");
        try {
            InProcessPipeline.Run run = pipeline.reconcile("--json", "--differences", "5");

            assertThat(run.status()).as(run.out() + run.err()).isEqualTo(1);
            JsonNode report = JSON.readTree(run.out());
            assertThat(report.get("differences").asLong()).as("the row, its commune's and its district's").isEqualTo(3);
            assertThat(difference(report, "branch_monthly"))
                    .isEqualTo("{branch_id=HB1, month=2026-09-01} admissions: expected 1, found 8");
            assertThat(difference(report, "commune_monthly"))
                    .isEqualTo("{commune_code=HC1, month=2026-09-01} admissions: expected 1, found 8");
            // HC1 stays in HD1: its district's September counts the admission too
            assertThat(relation(report, "district_monthly").get("different").asLong()).isEqualTo(1);
        } finally {
            pipeline.database.execute("UPDATE reporting.branch_monthly SET admissions = admissions - 7 "
                    + "WHERE branch_id = 'HB1' AND month = DATE '2026-09-01'");
        }
    }

    @Test
    @Order(3)
    void agreesAfterADeadLetterIsReplayedByHandAndRecordsEveryRun() throws Exception {
        pipeline.publishLines(line("MemberConfirmed", "h-replay-1", "\"memberId\":\"HMr\",\"date\":\"2026-11-20\""));
        ConsumerRecord<byte[], byte[]> deadLetter = awaitDeadLetter("h-replay-1");
        pipeline.publishLines(line("MemberAdmitted", "h-replay-0", "\"memberId\":\"HMr\",\"branchId\":\"HB3\",\"date\":\"2026-11-10\""));
        RejectedEvent rejected = decode(deadLetter);
        assertThat(rejected.getReason()).isEqualTo("MEMBER_NOT_ACTIVE");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, pipeline.kafka.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            byte[] value = new byte[rejected.getValue().remaining()];
            rejected.getValue().get(value);
            producer.send(new ProducerRecord<>(rejected.getSourceTopic(), rejected.getKey(), value)).get();
        }

        InProcessPipeline.Run run = pipeline.reconcile();

        assertThat(run.status()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("reconcile: AGREED");
        try (Connection c = pipeline.database.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT confirmations FROM reporting.branch_monthly "
                     + "WHERE branch_id = 'HB3' AND month = DATE '2026-11-01'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).as("the replayed confirmation counted").isEqualTo(1);
        }
        try (Connection c = pipeline.database.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*), count(*) FILTER (WHERE agreed), "
                     + "(SELECT agreed FROM pulse_reconcile.runs ORDER BY finished_at DESC LIMIT 1) FROM pulse_reconcile.runs")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(3);
            assertThat(rs.getInt(2)).isEqualTo(2);
            assertThat(rs.getBoolean(3)).isTrue();
        }
    }

    private static JsonNode relation(JsonNode report, String name) {
        for (JsonNode r : report.get("relations")) {
            if (r.get("relation").asText().equals(name)) {
                return r;
            }
        }
        throw new AssertionError("no relation " + name + " in " + report);
    }

    private static String difference(JsonNode report, String relation) {
        JsonNode r = relation(report, relation);
        assertThat(r.get("different").asLong()).as(r.toString()).isEqualTo(1);
        JsonNode d = r.get("firstDifferences").get(0);
        Map<?, ?> key = JSON.convertValue(d.get("key"), Map.class);
        return key + " " + d.get("column").asText() + ": expected " + d.get("expected").asText() + ", found "
                + d.get("found").asText();
    }

    private void awaitBranchesInDatabase(int atLeast) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (Instant.now().isBefore(deadline)) {
            try (Connection c = pipeline.database.connect(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*) FROM reporting.branches")) {
                rs.next();
                if (rs.getInt(1) >= atLeast) {
                    return;
                }
            } catch (java.sql.SQLException e) {
                // the sink's migrations may not have run yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the sink did not write the branches");
    }

    private ConsumerRecord<byte[], byte[]> awaitDeadLetter(String eventId) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, pipeline.kafka.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "reconcile-it-dead-letters");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.REJECTED));
            Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
            while (Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (eventId.equals(decode(r).getEventId())) {
                        return r;
                    }
                }
            }
        }
        throw new AssertionError("no dead letter for " + eventId);
    }

    private RejectedEvent decode(ConsumerRecord<byte[], byte[]> record) {
        try (KafkaAvroDeserializer d = new KafkaAvroDeserializer()) {
            d.configure(Map.of("schema.registry.url", pipeline.registry.url(), "specific.avro.reader", true), false);
            return (RejectedEvent) d.deserialize(record.topic(), record.value());
        }
    }

    private static String line(String type, String eventId, String fields) {
        return "{\"type\":\"" + type + "\",\"eventId\":\"" + eventId + "\"," + fields + "}";
    }

}
