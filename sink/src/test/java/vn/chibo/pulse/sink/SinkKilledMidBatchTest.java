package vn.chibo.pulse.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly once across crashes: a sink process killed with SIGKILL while it writes, again and
 * again, and restarted each time, ends with the same tables as a sink that ran undisturbed, and
 * each restart resumes at the offsets PostgreSQL holds.
 */
class SinkKilledMidBatchTest {

    @TempDir
    static Path dir;
    private static KafkaStack stack;

    @BeforeAll
    static void startKafka() {
        stack = KafkaStack.start(dir, 3);
    }

    @AfterAll
    static void stopKafka() {
        stack.close();
    }

    @Test
    void sinkKilledMidBatchAndRestartedGivesTheSameTablesAsAnUninterruptedRun() throws Exception {
        Workload workload = new Workload(20_250_301L, 13);
        Random killAt = new Random(7);
        try (KafkaProducer<String, Object> producer = stack.transactionalProducer("kill-test-producer");
             TestDatabase killed = TestDatabase.create("killed");
             TestDatabase undisturbed = TestDatabase.create("undisturbed")) {

            workload.produce(producer, 60, 100, 7);
            Map<String, String> settings = stack.sinkSettings(killed.url(), "killed-sink");
            settings.put(SinkConfig.BATCH_SIZE, "50");

            List<Map<TopicPartition, Long>> storedAtKill = new ArrayList<>();
            int kills = 4;
            for (int round = 0; round <= kills; round++) {
                Path log = dir.resolve("sink-run-" + round + ".log");
                try (SinkProcess sink = SinkProcess.start(settings, log)) {
                    if (round > 0) {
                        Map<TopicPartition, Long> resumeFrom = storedAtKill.get(round - 1);
                        Eventually.within(Duration.ofSeconds(60), "restart " + round + " resumes", () -> {
                            String text = sink.log();
                            return resumeFrom.entrySet().stream().allMatch(e ->
                                    text.contains("resuming " + e.getKey() + " at offset " + e.getValue()));
                        });
                    }
                    if (round == kills) {
                        Map<TopicPartition, Long> end = stack.nextOffsetsAfterLastCommittedRecords();
                        Eventually.within(Duration.ofSeconds(120), "last run applies everything",
                                () -> end.equals(stored(killed)));
                        break;
                    }
                    long target = Eventually.total(stored(killed)) + 500 + killAt.nextInt(1_500);
                    Eventually.within(Duration.ofSeconds(60), "sink run " + round + " progresses",
                            () -> Eventually.total(stored(killed)) >= target);
                    sink.kill();
                    assertThat(sink.isAlive()).isFalse();
                }
                Map<TopicPartition, Long> atKill = stored(killed);
                long backlog = Eventually.total(stack.nextOffsetsAfterLastCommittedRecords()) - Eventually.total(atKill);
                assertThat(backlog).as("killed while records remained to write (run %d)", round).isPositive();
                storedAtKill.add(atKill);
                // events keep coming while the sink is down
                workload.produce(producer, 20, 100, 5);
            }

            Map<TopicPartition, Long> end = stack.nextOffsetsAfterLastCommittedRecords();
            try (SinkService sink = SinkService.start(stack.sinkSettings(undisturbed.url(), "undisturbed-sink"))) {
                Eventually.within(Duration.ofSeconds(120), "undisturbed sink applies everything",
                        () -> end.equals(stored(undisturbed)));
                assertThat(sink.health().deadLetters()).isZero();
            }

            try (Connection a = killed.connect(); Connection b = undisturbed.connect()) {
                Map<String, String> afterKills = Workload.actualTables(a);
                Workload.assertSameTables(afterKills, Workload.actualTables(b));
                Workload.assertSameTables(afterKills, workload.expectedTables());
                assertThat(afterKills).hasSizeGreaterThan(300);
                assertThat(MigrationsTest.strings(a, "SELECT count(*) FROM pulse_sink.dead_letters")).containsExactly("0");
            }
        }
    }

    private static Map<TopicPartition, Long> stored(TestDatabase db) throws SQLException {
        try (Connection c = db.connect()) {
            return Eventually.storedOffsets(c, db.name().contains("undisturbed") ? "undisturbed-sink" : "killed-sink");
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) { // not migrated yet
                return Map.of();
            }
            throw e;
        }
    }
}
