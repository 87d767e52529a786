package vn.chibo.pulse.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sink as `./pulse up` runs it: started early, restarted, asked for its health, closed. */
class SinkServiceTest {

    @TempDir
    Path dir;
    private KafkaStack stack;

    @BeforeEach
    void startKafkaWithoutTopics() {
        stack = KafkaStack.startWithoutTopics(dir);
    }

    @AfterEach
    void stopKafka() {
        stack.close();
    }

    @Test
    void aSinkStartedBeforeTheAggregateTopicsExistReadsThemOnceTheyAreMade() throws Exception {
        Workload workload = new Workload(3L, 4);
        try (TestDatabase db = TestDatabase.create("notopics")) {
            Map<String, String> settings = stack.sinkSettings(db.url(), "early-sink");
            settings.put(SinkConfig.HEALTH_PORT, "0");
            try (SinkService sink = SinkService.start(settings)) {
                assertThat(sink.awaitRunning(Duration.ofSeconds(60))).isTrue();
                URI health = sink.healthEndpoint().orElseThrow();
                HttpResponse<String> answer = HttpClient.newHttpClient()
                        .send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(answer.statusCode()).isEqualTo(200);
                assertThat(answer.body()).contains("\"status\":\"RUNNING\"", "\"healthy\":true");

                stack.createTopics(2);
                try (KafkaProducer<String, Object> producer = stack.transactionalProducer("early-producer")) {
                    workload.produce(producer, 10, 30, 4);
                }
                Map<TopicPartition, Long> end = stack.nextOffsetsAfterLastCommittedRecords();
                Eventually.within(Duration.ofSeconds(60), "everything applied", () -> {
                    try (Connection c = db.connect()) {
                        return end.equals(Eventually.storedOffsets(c, "early-sink"));
                    }
                });
                try (Connection c = db.connect()) {
                    Workload.assertSameTables(Workload.actualTables(c), workload.expectedTables());
                }
                // the consumer learns each partition's end from its fetches: the lag is known a moment later
                Eventually.within(Duration.ofSeconds(10), "no lag left", () -> sink.health().lag() == 0);
                HttpResponse<String> metrics = HttpClient.newHttpClient()
                        .send(HttpRequest.newBuilder(health.resolve("/metrics")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(metrics.statusCode()).isEqualTo(200);
                assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
                assertThat(metrics.body()).contains("# TYPE pulse_sink_records_written_total counter", "pulse_sink_lag_records 0.0",
                        "pulse_sink_healthy 1.0", "pulse_sink_partitions_assigned " + KafkaStack.AGGREGATE_TOPICS.size() * 2 + ".0", "kafka_consumer_fetch_manager_records_consumed_total", "jvm_memory_used_bytes");
                assertThat(metrics.body().lines().filter(l -> l.startsWith("pulse_sink_records_written_total "))
                        .mapToDouble(l -> Double.parseDouble(l.substring(l.indexOf(' ') + 1))).sum()).isPositive();
                for (String probe : new String[] {"/health/ready", "/health/live"}) {
                    assertThat(HttpClient.newHttpClient().send(HttpRequest.newBuilder(health.resolve(probe)).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode()).as(probe).isEqualTo(200);
                }
            }
        }
    }

    @Test
    void aRestartedSinkResumesFromTheStoredOffsetsAndRewritesNothing() throws Exception {
        stack.createTopics(1);
        Workload workload = new Workload(5L, 4);
        try (TestDatabase db = TestDatabase.create("restart");
             KafkaProducer<String, Object> producer = stack.transactionalProducer("restart-producer")) {
            Map<String, String> settings = stack.sinkSettings(db.url(), "restarted-sink");
            workload.produce(producer, 5, 40, 0);
            Map<TopicPartition, Long> firstEnd = stack.nextOffsetsAfterLastCommittedRecords();
            try (SinkService sink = SinkService.start(settings)) {
                Eventually.within(Duration.ofSeconds(60), "first run applies everything", () -> {
                    try (Connection c = db.connect()) {
                        return firstEnd.equals(Eventually.storedOffsets(c, "restarted-sink"));
                    }
                });
                // the offsets are committed a moment before the sink counts the batch
                Eventually.within(Duration.ofSeconds(10), "first run counted", () -> sink.health().recordsApplied() >= 200);
                assertThat(sink.health().recordsApplied()).isEqualTo(200);
            }
            workload.produce(producer, 2, 40, 0);
            Map<TopicPartition, Long> secondEnd = stack.nextOffsetsAfterLastCommittedRecords();
            try (SinkService sink = SinkService.start(settings)) {
                Eventually.within(Duration.ofSeconds(60), "second run applies the rest", () -> {
                    try (Connection c = db.connect()) {
                        return secondEnd.equals(Eventually.storedOffsets(c, "restarted-sink"));
                    }
                });
                // only what came after the first run was read again
                Eventually.within(Duration.ofSeconds(10), "second run counted", () -> sink.health().recordsApplied() >= 80);
                assertThat(sink.health().recordsApplied()).isEqualTo(80);
                try (Connection c = db.connect()) {
                    Workload.assertSameTables(Workload.actualTables(c), workload.expectedTables());
                }
            }
        }
    }

    @Test
    void aClosedSinkSaysItStopped() throws Exception {
        try (TestDatabase db = TestDatabase.create("close")) {
            SinkService sink = SinkService.start(stack.sinkSettings(db.url(), "closed-sink"));
            assertThat(sink.awaitRunning(Duration.ofSeconds(60))).isTrue();
            sink.close();
            assertThat(sink.health().status()).isEqualTo(SinkHealth.Status.STOPPED);
            assertThat(sink.health().healthy()).isFalse();
            sink.close(); // closing again does nothing
            assertThat(sink.health().status()).isEqualTo(SinkHealth.Status.STOPPED);
        }
    }
}
