package vn.chibo.pulse.sink.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.chibo.pulse.aggregates.BranchCurrent;
import vn.chibo.pulse.aggregates.BranchTransfers;
import vn.chibo.pulse.domain.AggregateKeys;
import vn.chibo.pulse.aggregates.BranchMonthly;
import vn.chibo.pulse.domain.Rejection;
import vn.chibo.pulse.domain.RejectionReason;
import vn.chibo.pulse.domain.Topics;
import vn.chibo.pulse.sink.ReportingSchema;
import vn.chibo.pulse.sink.TestDatabase;

/** The writer on a real PostgreSQL: rows and offsets in one transaction, exactly the bad rows refused. */
class ReportingWriterTest {

    private static final TopicPartition CURRENT_0 = new TopicPartition(Topics.BRANCH_CURRENT, 0);
    private static TestDatabase db;
    private ReportingWriter writer;
    private long nextOffset;

    @BeforeAll
    static void migrate() throws Exception {
        db = TestDatabase.create("writer");
        ReportingSchema.migrate(db.url(), "", "");
    }

    @AfterAll
    static void drop() throws Exception {
        db.close();
    }

    @BeforeEach
    void emptyTables() throws Exception {
        execute("TRUNCATE reporting.branch_current, reporting.branch_monthly, reporting.districts, reporting.communes, reporting.branches, reporting.branch_transfers, "
                + "reporting.branch_yearly, pulse_sink.kafka_offsets, pulse_sink.dead_letters");
        writer = newWriter("writer-test");
        nextOffset = 0;
    }

    @AfterEach
    void closeWriter() {
        writer.close();
    }

    @Test
    void aBatchIsWrittenTogetherWithTheOffsetAfterItsLastRecord() throws Exception {
        ReportingWriter.Outcome outcome = writer.write(batch(current("D01", 10), current("D02", 20)), Map.of());

        assertThat(outcome.fenced()).isFalse();
        assertThat(rows("SELECT branch_id || '=' || members_active FROM reporting.branch_current ORDER BY 1"))
                .containsExactly("D01=10", "D02=20");
        assertThat(writer.loadOffsets()).isEqualTo(Map.of(CURRENT_0, 2L));
    }

    @Test
    void replayingTheSameValuesLeavesUpdatedAtAlone() throws Exception {
        Map<TopicPartition, Long> stored = new HashMap<>();
        write(stored, current("D01", 10));
        Timestamp first = updatedAt("D01");
        Thread.sleep(20);

        write(stored, current("D01", 10));
        assertThat(updatedAt("D01")).isEqualTo(first);

        write(stored, current("D01", 11));
        assertThat(updatedAt("D01")).isAfter(first);
    }

    @Test
    void aTombstoneDeletesTheRow() throws Exception {
        Map<TopicPartition, Long> stored = new HashMap<>();
        write(stored, current("D01", 10), current("D02", 20));
        write(stored, tombstone("D01"));
        assertThat(rows("SELECT branch_id FROM reporting.branch_current")).containsExactly("D02");
        assertThat(writer.loadOffsets()).isEqualTo(Map.of(CURRENT_0, 3L));
    }

    @Test
    void aRowPostgresRefusesBecomesADeadLetterAndTheRestOfTheBatchIsWritten() throws Exception {
        ReportingWriter.Outcome outcome = writer.write(
                batch(current("D01", 10), current("D02", -5), current("D03", 30)), Map.of());

        assertThat(rows("SELECT branch_id || '=' || members_active FROM reporting.branch_current ORDER BY 1"))
                .containsExactly("D01=10", "D03=30");
        assertThat(outcome.deadLetters()).singleElement().satisfies(d -> {
            assertThat(d.key()).isEqualTo("D02");
            assertThat(d.rejection().reason()).isEqualTo(RejectionReason.REFUSED_BY_DATABASE);
            assertThat(d.rejection().message()).startsWith("SQLSTATE 23514").contains("branch_current_counts_not_negative");
        });
        assertThat(rows("SELECT source_offset || ':' || reason || ':' || record_key FROM pulse_sink.dead_letters"))
                .containsExactly("1:REFUSED_BY_DATABASE:D02");
        assertThat(writer.loadOffsets()).isEqualTo(Map.of(CURRENT_0, 3L));
    }

    @Test
    void aRefusedLastValueLeavesTheEarlierValueOfTheSameRowAsIfEachRecordWereItsOwnBatch() throws Exception {
        writer.write(batch(current("D01", 5), current("D01", 7), current("D01", -1)), Map.of());
        assertThat(rows("SELECT members_active FROM reporting.branch_current")).containsExactly("7");
        assertThat(rows("SELECT source_offset FROM pulse_sink.dead_letters")).containsExactly("2");
    }

    @Test
    void anUndecodableRecordIsKeptByteForByteAsADeadLetter() throws Exception {
        byte[] garbage = {0, 1, 2, (byte) 0xff};
        AggregateDecoder.Decoded good = current("D01", 1);
        AggregateDecoder.Decoded bad = new AggregateDecoder.Decoded(record("D09", garbage), null,
                Rejection.of(RejectionReason.UNDESERIALIZABLE, "cannot decode"));
        writer.write(new Batch(List.of(good, bad)), Map.of());

        List<ReportingWriter.PendingLetter> pending = writer.pendingDeadLetters(10);
        assertThat(pending).singleElement().satisfies(l -> {
            assertThat(l.value()).isEqualTo(garbage);
            assertThat(l.reason()).isEqualTo("UNDESERIALIZABLE");
            assertThat(l.offset()).isEqualTo(1L);
        });
        writer.markPublished(List.of(pending.get(0).id()));
        assertThat(writer.pendingDeadLetters(10)).isEmpty();
    }

    @Test
    void monthlyRowsLandOnTheFirstDayOfTheirMonth() throws Exception {
        BranchMonthly march = BranchMonthly.newBuilder().setBranchId("D01")
                .setMonth(LocalDate.of(2025, 3, 1)).setRegularMeetings(12).setMembersExpected(300).setMembersPresent(270)
                .build();
        AggregateDecoder.Decoded d = new AggregateDecoder.Decoded(
                new ConsumerRecord<>(Topics.BRANCH_MONTHLY, 0, 0L, "D01|2025-03".getBytes(), new byte[] {1}),
                new Change.Upsert(new RowKey(Relation.BRANCH_MONTHLY, List.of("D01", LocalDate.of(2025, 3, 1))), march),
                null);
        execute("INSERT INTO reporting.communes (commune_code, commune_name, district_code) VALUES ('C01', 'Xã Một', 'D01')");
        execute("INSERT INTO reporting.branches (branch_id, branch_name, commune_code, kind) VALUES ('D01', 'Chi bộ Một', 'C01', 'VILLAGE')");
        writer.write(new Batch(List.of(d)), Map.of());
        assertThat(rows("SELECT month || ' ' || regular_meetings FROM reporting.branch_monthly"))
                .containsExactly("2025-03-01 12");
        assertThat(rows("SELECT month || ' ' || regular_meetings || ' ' || attendance_rate "
                + "FROM reporting.district_monthly_indicators")).containsExactly("2025-03-01 12 0.9000");
    }

    @Test
    void aTransferFromOutsideTheProvinceIsUpsertedAndDeletedByItsKeyWithANullSide() throws Exception {
        LocalDate july = LocalDate.of(2025, 7, 1);
        String key = AggregateKeys.transfers(null, "B01", YearMonth.of(2025, 7));
        List<Object> row = Relation.BRANCH_TRANSFERS.parseKey(key);
        AggregateDecoder.Decoded two = new AggregateDecoder.Decoded(
                new ConsumerRecord<>(Topics.BRANCH_TRANSFERS, 0, 0L, key.getBytes(StandardCharsets.UTF_8), new byte[] {1}),
                new Change.Upsert(new RowKey(Relation.BRANCH_TRANSFERS, row), BranchTransfers.newBuilder()
                        .setFromBranchId(null).setToBranchId("B01").setMonth(july).setTransfers(2).build()), null);
        AggregateDecoder.Decoded three = new AggregateDecoder.Decoded(
                new ConsumerRecord<>(Topics.BRANCH_TRANSFERS, 0, 1L, key.getBytes(StandardCharsets.UTF_8), new byte[] {1}),
                new Change.Upsert(new RowKey(Relation.BRANCH_TRANSFERS, row), BranchTransfers.newBuilder()
                        .setFromBranchId(null).setToBranchId("B01").setMonth(july).setTransfers(3).build()), null);
        writer.write(new Batch(List.of(two)), Map.of());
        writer.write(new Batch(List.of(three)), Map.of(new TopicPartition(Topics.BRANCH_TRANSFERS, 0), 1L));
        assertThat(rows("SELECT coalesce(from_branch_id, '-') || ' ' || to_branch_id || ' ' || month || ' ' || transfers "
                + "FROM reporting.branch_transfers")).containsExactly("- B01 2025-07-01 3");

        AggregateDecoder.Decoded gone = new AggregateDecoder.Decoded(
                new ConsumerRecord<>(Topics.BRANCH_TRANSFERS, 0, 2L, key.getBytes(StandardCharsets.UTF_8), null),
                new Change.Delete(new RowKey(Relation.BRANCH_TRANSFERS, row)), null);
        writer.write(new Batch(List.of(gone)), Map.of(new TopicPartition(Topics.BRANCH_TRANSFERS, 0), 2L));
        assertThat(rows("SELECT count(*) FROM reporting.branch_transfers")).as("a tombstone deletes the row").containsExactly("0");
    }

    @Test
    void aSecondWriterOfTheSameSinkIsFencedOffAndWritesNothing() throws Exception {
        writer.write(batch(current("D01", 10)), Map.of());
        try (ReportingWriter stale = newWriter("writer-test")) {
            // it believes nothing was stored yet for the partition
            ReportingWriter.Outcome outcome = stale.write(batch(current("D01", 99)), Map.of());
            assertThat(outcome.fenced()).isTrue();
            // and another believes an offset that is no longer the stored one
            assertThat(stale.write(batch(current("D01", 98)), Map.of(CURRENT_0, 0L)).fenced()).isTrue();
        }
        assertThat(rows("SELECT members_active FROM reporting.branch_current")).containsExactly("10");
        assertThat(writer.loadOffsets()).isEqualTo(Map.of(CURRENT_0, 1L));
    }

    @Test
    void sinksOfDifferentNamesKeepTheirOwnOffsets() throws Exception {
        writer.write(batch(current("D01", 10)), Map.of());
        try (ReportingWriter other = newWriter("another-sink")) {
            assertThat(other.loadOffsets()).isEmpty();
        }
    }

    private void write(Map<TopicPartition, Long> stored, AggregateDecoder.Decoded... entries) throws SQLException {
        Batch batch = new Batch(List.of(entries));
        assertThat(writer.write(batch, stored).fenced()).isFalse();
        stored.putAll(batch.nextOffsets());
    }

    private Batch batch(AggregateDecoder.Decoded... entries) {
        return new Batch(List.of(entries));
    }

    private AggregateDecoder.Decoded current(String code, int members) {
        BranchCurrent value = BranchCurrent.newBuilder().setBranchId(code).setMembersActive(members)
                .setMembersOfficial(Math.max(0, members)).build();
        return new AggregateDecoder.Decoded(record(code, new byte[] {1}),
                new Change.Upsert(new RowKey(Relation.BRANCH_CURRENT, List.of(code)), value), null);
    }

    private AggregateDecoder.Decoded tombstone(String code) {
        return new AggregateDecoder.Decoded(record(code, null),
                new Change.Delete(new RowKey(Relation.BRANCH_CURRENT, List.of(code))), null);
    }

    private ConsumerRecord<byte[], byte[]> record(String key, byte[] value) {
        return new ConsumerRecord<>(Topics.BRANCH_CURRENT, 0, nextOffset++, key.getBytes(StandardCharsets.UTF_8), value);
    }

    private static ReportingWriter newWriter(String name) {
        return new ReportingWriter(db.url(), ReportingWriter.connectionProperties("", "", 5_000, 30_000, "test"), name);
    }

    private Timestamp updatedAt(String code) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT updated_at FROM reporting.branch_current WHERE branch_id = '" + code + "'")) {
            assertThat(rs.next()).isTrue();
            return rs.getTimestamp(1);
        }
    }

    private static List<String> rows(String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static void execute(String sql) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
