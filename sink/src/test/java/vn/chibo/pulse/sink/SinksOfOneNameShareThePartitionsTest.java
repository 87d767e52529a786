package vn.chibo.pulse.sink;

import static org.assertj.core.api.Assertions.assertThat;

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

/**
 * Two sinks of one name on a real broker and PostgreSQL: a consumer group that splits the aggregate
 * partitions between them, each writing its own share with its offsets; when one goes, the other
 * takes its partitions over at the offsets the first stored, and the tables stay exact.
 */
class SinksOfOneNameShareThePartitionsTest {

    private static final int PARTITIONS_PER_TOPIC = 3;
    private static final String NAME = "shared-sink";

    @TempDir
    Path dir;
    private KafkaStack stack;

    @BeforeEach
    void startKafka() {
        stack = KafkaStack.start(dir, PARTITIONS_PER_TOPIC);
    }

    @AfterEach
    void stopKafka() {
        stack.close();
    }

    @Test
    void twoSinksOfOneNameEachWriteTheirShareAndTheSurvivorTakesOverTheOthers() throws Exception {
        int total = KafkaStack.AGGREGATE_TOPICS.size() * PARTITIONS_PER_TOPIC;
        Workload workload = new Workload(11L, 40);
        try (TestDatabase db = TestDatabase.create("shared");
             KafkaProducer<String, Object> producer = stack.transactionalProducer("shared-producer")) {
            Map<String, String> settings = stack.sinkSettings(db.url(), NAME);
            try (SinkService first = SinkService.start(settings); SinkService second = SinkService.start(settings)) {
                Eventually.within(Duration.ofSeconds(60), "the partitions split between the two", () ->
                        first.health().partitions() > 0 && second.health().partitions() > 0
                                && first.health().partitions() + second.health().partitions() == total);

                workload.produce(producer, 20, 50, 5);
                awaitEverythingStored(db);
                assertThat(first.health().recordsApplied()).as("the first wrote its share").isPositive();
                assertThat(second.health().recordsApplied()).as("the second wrote its share").isPositive();
                try (Connection c = db.connect()) {
                    Workload.assertSameTables(Workload.actualTables(c), workload.expectedTables());
                }

                second.close();
                Eventually.within(Duration.ofSeconds(60), "the first holds every partition",
                        () -> first.health().partitions() == total);
                long before = first.health().recordsApplied();
                workload.produce(producer, 10, 50, 0);
                awaitEverythingStored(db);
                // each record once: what the second had stored is not read again by the first
                Eventually.within(Duration.ofSeconds(10), "counted", () -> first.health().recordsApplied() - before >= 500);
                assertThat(first.health().recordsApplied() - before).isEqualTo(500);
                try (Connection c = db.connect()) {
                    Workload.assertSameTables(Workload.actualTables(c), workload.expectedTables());
                }
            }
        }
    }

    private void awaitEverythingStored(TestDatabase db) throws Exception {
        Map<TopicPartition, Long> end = stack.nextOffsetsAfterLastCommittedRecords();
        Eventually.within(Duration.ofSeconds(90), "every committed record stored", () -> {
            try (Connection c = db.connect()) {
                return end.equals(Eventually.storedOffsets(c, NAME));
            }
        });
    }
}
