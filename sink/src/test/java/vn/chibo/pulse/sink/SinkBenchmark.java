package vn.chibo.pulse.sink;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import vn.chibo.pulse.aggregates.BranchMonthly;
import vn.chibo.pulse.domain.Topics;
import vn.chibo.pulse.sink.internal.AggregateDecoder;
import vn.chibo.pulse.sink.internal.Batch;
import vn.chibo.pulse.sink.internal.Change;
import vn.chibo.pulse.sink.internal.Relation;
import vn.chibo.pulse.sink.internal.ReportingWriter;
import vn.chibo.pulse.sink.internal.RowKey;
import vn.chibo.pulse.stack.LocalPostgres;

/**
 * Sink-only throughput, printed as figures (never asserted):
 * <ol>
 *   <li>the writer alone: branch_monthly upserts per second into PostgreSQL, by batch size,
 *       with the driver's multi-row rewrite on and off;</li>
 *   <li>the whole sink: aggregate records per second from a real broker into PostgreSQL, by
 *       batch size (records already on the topics, as when catching up after an outage).</li>
 * </ol>
 * Run: {@code mvn -q -B -pl sink test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=vn.chibo.pulse.sink.SinkBenchmark} (on an embedded PostgreSQL, see {@link TestDatabase};
 * PULSE_TEST_PG_URL names another server).
 */
public final class SinkBenchmark {

    private static final int BRANCHES = 700;    // the branches of a small province
    private static final int MONTHS = 120;

    public static void main(String[] args) throws Exception {
        System.setProperty("org.apache.avro.SERIALIZABLE_PACKAGES", "vn.chibo.pulse");
        int sinkRecords = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        writerAlone();
        wholeSink(sinkRecords);
    }

    private static void writerAlone() throws Exception {
        System.out.printf("%nWriter alone: reporting.branch_monthly upserts (distinct rows per batch), PostgreSQL %s%n",
                LocalPostgres.masked(TestDatabase.serverUrl()));
        System.out.printf("%-10s %-10s %10s %12s%n", "batch", "rewrite", "rows", "rows/s");
        try (TestDatabase db = TestDatabase.create("bench_writer")) {
            ReportingSchema.migrate(db.url(), "", "");
            for (boolean rewrite : new boolean[] {true, false}) {
                for (int batchSize : new int[] {1, 10, 100, 1_000, 5_000}) {
                    int rows = Math.min(100_000, Math.max(5_000, batchSize * 40));
                    double perSecond = upserts(db, batchSize, rows, rewrite);
                    System.out.printf("%-10d %-10s %10d %12.0f%n", batchSize, rewrite, rows, perSecond);
                }
            }
        }
    }

    private static double upserts(TestDatabase db, int batchSize, int rows, boolean rewrite) throws Exception {
        Properties p = ReportingWriter.connectionProperties("", "", 5_000, 60_000, "bench");
        p.setProperty("reWriteBatchedInserts", String.valueOf(rewrite));
        try (ReportingWriter writer = new ReportingWriter(db.url(), p, "bench-" + batchSize + "-" + rewrite)) {
            Map<TopicPartition, Long> stored = new HashMap<>();
            int version = (int) (System.nanoTime() & 0xffff); // new values, so every upsert really changes a row
            long offset = 0;
            // warm up the connection and the prepared statements
            write(writer, stored, batch(0, Math.min(batchSize, 100), version, offset));
            offset += Math.min(batchSize, 100);
            long start = System.nanoTime();
            for (int done = 0; done < rows; done += batchSize) {
                int size = Math.min(batchSize, rows - done);
                write(writer, stored, batch(done, size, version + 1, offset));
                offset += size;
            }
            return rows / ((System.nanoTime() - start) / 1e9);
        }
    }

    private static void write(ReportingWriter writer, Map<TopicPartition, Long> stored, Batch batch) throws Exception {
        if (writer.write(batch, stored).fenced()) {
            throw new IllegalStateException("fenced");
        }
        stored.putAll(batch.nextOffsets());
    }

    private static Batch batch(int first, int size, int version, long offset) {
        List<AggregateDecoder.Decoded> entries = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            int row = (first + i) % (BRANCHES * MONTHS);
            String code = String.format("B%03d", row / MONTHS);
            LocalDate month = LocalDate.of(2016, 1, 1).plusMonths(row % MONTHS);
            BranchMonthly v = BranchMonthly.newBuilder().setBranchId(code).setMonth(month)
                    .setAdmissions(version % 97).setRegularMeetings(version % 301).setMembersExpected(version % 5000)
                    .setMembersPresent(version % 4000).build();
            String key = code + "|" + month.toString().substring(0, 7);
            ConsumerRecord<byte[], byte[]> source = new ConsumerRecord<>(Topics.BRANCH_MONTHLY, 0, offset + i,
                    key.getBytes(StandardCharsets.UTF_8), new byte[0]);
            entries.add(new AggregateDecoder.Decoded(source,
                    new Change.Upsert(new RowKey(Relation.BRANCH_MONTHLY, List.of(code, month)), v), null));
        }
        return new Batch(entries);
    }

    private static void wholeSink(int records) throws Exception {
        Path dir = Files.createTempDirectory("pulse-sink-bench");
        System.out.printf("%nWhole sink: %d aggregate records already on the topics (3 partitions each), "
                + "broker and registry in-process%n", records);
        System.out.printf("%-10s %10s %10s %12s%n", "batch", "records", "seconds", "records/s");
        try (KafkaStack stack = KafkaStack.start(dir, 3)) {
            Workload workload = new Workload(1L, 700);
            try (KafkaProducer<String, Object> producer = stack.transactionalProducer("bench-producer")) {
                workload.produce(producer, records / 1_000, 1_000, 0);
            }
            Map<TopicPartition, Long> end = stack.nextOffsetsAfterLastCommittedRecords();
            for (int batchSize : new int[] {100, 1_000, 5_000}) {
                try (TestDatabase db = TestDatabase.create("bench_sink")) {
                    ReportingSchema.migrate(db.url(), "", "");
                    Map<String, String> settings = stack.sinkSettings(db.url(), "bench-sink");
                    settings.put(SinkConfig.BATCH_SIZE, String.valueOf(batchSize));
                    settings.put(SinkConfig.PG_MIGRATE, "false");
                    long start = System.nanoTime();
                    try (SinkService sink = SinkService.start(settings)) {
                        Eventually.within(Duration.ofMinutes(10), "sink applies everything", () -> {
                            try (Connection c = db.connect()) {
                                return end.equals(Eventually.storedOffsets(c, "bench-sink"));
                            }
                        });
                        double seconds = (System.nanoTime() - start) / 1e9;
                        System.out.printf("%-10d %10d %10.1f %12.0f%n", batchSize, sink.health().recordsApplied(),
                                seconds, sink.health().recordsApplied() / seconds);
                    }
                }
            }
        } finally {
            deleteRecursively(dir);
        }
    }

    private static void deleteRecursively(Path dir) throws java.io.IOException {
        try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
