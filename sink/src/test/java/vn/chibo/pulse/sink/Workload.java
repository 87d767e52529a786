package vn.chibo.pulse.sink;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import vn.chibo.pulse.aggregates.BranchCurrent;
import vn.chibo.pulse.aggregates.BranchMonthly;
import vn.chibo.pulse.aggregates.BranchName;
import vn.chibo.pulse.aggregates.BranchYearly;
import vn.chibo.pulse.domain.AggregateKeys;
import vn.chibo.pulse.domain.Topics;

/**
 * Random updates of the aggregate topics, as the streams app would write them, and the tables
 * they must leave behind: for each key, the last committed value (no row after a tombstone).
 */
final class Workload {

    private final Random random;
    private final int branches;
    private final Map<String, String> expected = new TreeMap<>();
    private volatile int sent;

    Workload(long seed, int branches) {
        this.random = new Random(seed);
        this.branches = branches;
    }

    /** One update, as it would be sent, and its row as the tables should show it (null: no row). */
    record Update(ProducerRecord<String, Object> record, String row, String values) {}

    /**
     * Sends {@code transactions} transactions of {@code size} updates; every {@code abortEvery}-th
     * one is aborted, and what it held must never show.
     */
    void produce(KafkaProducer<String, Object> producer, int transactions, int size, int abortEvery) {
        for (int t = 0; t < transactions; t++) {
            boolean abort = abortEvery > 0 && t % abortEvery == abortEvery - 1;
            producer.beginTransaction();
            List<Update> updates = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                Update u = next();
                updates.add(u);
                producer.send(u.record());
            }
            if (abort) {
                producer.abortTransaction();
            } else {
                producer.commitTransaction();
                updates.forEach(this::record);
            }
        }
    }

    /** The tables after everything committed so far: "table|key" → the values, comma-separated. */
    Map<String, String> expectedTables() {
        return new TreeMap<>(expected);
    }

    int sent() {
        return sent;
    }

    private void record(Update u) {
        if (u.values() == null) {
            expected.remove(u.row());
        } else {
            expected.put(u.row(), u.values());
        }
    }

    Update next() {
        sent++;
        String id = String.format("B%02d", 1 + random.nextInt(branches));
        int pick = random.nextInt(100);
        boolean tombstone = random.nextInt(100) < 3;
        if (pick < 5) {
            String row = "branches|" + id;
            String commune = String.format("C%02d", random.nextInt(4));
            String kind = List.of("VILLAGE", "STREET_GROUP", "OTHER").get(random.nextInt(3));
            BranchName v = BranchName.newBuilder().setBranchId(id).setBranchName("Chi bộ " + id + " #" + sent)
                    .setCommuneCode(commune).setKind(kind).build();
            return update(Topics.BRANCHES, id, row, tombstone ? null : v, v.getBranchName() + "," + commune + "," + kind);
        }
        if (pick < 30) {
            String row = "branch_current|" + id;
            int[] n = counts(4);
            BranchCurrent v = BranchCurrent.newBuilder().setBranchId(id)
                    .setMembersActive(n[0]).setMembersOfficial(n[1]).setMembersProbationary(n[2])
                    .setMembersExempted(n[3]).build();
            return update(Topics.BRANCH_CURRENT, id, row, tombstone ? null : v, join(n));
        }
        if (pick < 80) {
            YearMonth month = YearMonth.of(2024, 1).plusMonths(random.nextInt(24));
            String row = "branch_monthly|" + id + "|" + month.atDay(1);
            int[] n = counts(19);
            BranchMonthly v = BranchMonthly.newBuilder().setBranchId(id).setMonth(month.atDay(1))
                    .setAdmissions(n[0]).setConfirmations(n[1]).setTransfersIn(n[2]).setTransfersOut(n[3])
                    .setDeaths(n[4]).setRemovals(n[5]).setExpulsions(n[6]).setRegularMeetings(n[7])
                    .setThematicMeetings(n[8]).setMembersExpected(n[9]).setMembersPresent(n[10])
                    .setMeetingsWithSuperior(n[11]).setMeetingsWithSelfCriticism(n[12]).setMeetingsScored(n[13])
                    .setQualityScoreSum(n[14]).setMeetingsGood(n[15]).setMeetingsFair(n[16])
                    .setMeetingsAverage(n[17]).setMeetingsPoor(n[18]).build();
            return update(Topics.BRANCH_MONTHLY, AggregateKeys.monthly(id, month), row, tombstone ? null : v, join(n));
        }
        int year = 2023 + random.nextInt(3);
        String row = "branch_yearly|" + id + "|" + year;
        int[] n = counts(5);
        BranchYearly v = BranchYearly.newBuilder().setBranchId(id).setYear(year)
                .setGradedExcellent(n[0]).setGradedGood(n[1]).setGradedCompleted(n[2]).setGradedNotCompleted(n[3])
                .setMembersAtRisk(n[4]).build();
        return update(Topics.BRANCH_YEARLY, AggregateKeys.yearly(id, year), row, tombstone ? null : v, join(n));
    }

    private static Update update(String topic, String key, String row, Object value, String values) {
        return new Update(new ProducerRecord<>(topic, key, value), row, value == null ? null : values);
    }

    private int[] counts(int n) {
        return IntStream.range(0, n).map(i -> random.nextInt(5_000)).toArray();
    }

    private static String join(int[] n) {
        return IntStream.of(n).mapToObj(Integer::toString).collect(Collectors.joining(","));
    }

    /** Fails with the rows that differ (at most 20 of them), not with two dumps of every row. */
    static void assertSameTables(Map<String, String> actual, Map<String, String> expected) {
        java.util.Set<String> keys = new java.util.TreeSet<>(actual.keySet());
        keys.addAll(expected.keySet());
        List<String> differences = keys.stream()
                .filter(k -> !java.util.Objects.equals(actual.get(k), expected.get(k)))
                .map(k -> k + ": actual " + actual.get(k) + ", expected " + expected.get(k))
                .toList();
        if (!differences.isEmpty()) {
            throw new AssertionError(differences.size() + " of " + keys.size() + " rows differ:\n"
                    + String.join("\n", differences.subList(0, Math.min(20, differences.size()))));
        }
    }

    /** The tables the workload writes, as they are, in the shape of {@link #expectedTables()}. */
    static Map<String, String> actualTables(Connection c) throws SQLException {
        Map<String, String> rows = new TreeMap<>();
        read(c, rows, "SELECT 'branches|' || branch_id, concat_ws(',', branch_name, commune_code, kind) FROM reporting.branches");
        read(c, rows, "SELECT 'branch_current|' || branch_id, concat_ws(',', members_active, members_official, "
                + "members_probationary, members_exempted) FROM reporting.branch_current");
        read(c, rows, "SELECT 'branch_monthly|' || branch_id || '|' || month, concat_ws(',', admissions, "
                + "confirmations, transfers_in, transfers_out, deaths, removals, expulsions, regular_meetings, "
                + "thematic_meetings, members_expected, members_present, meetings_with_superior, "
                + "meetings_with_self_criticism, meetings_scored, quality_score_sum, meetings_good, meetings_fair, "
                + "meetings_average, meetings_poor) FROM reporting.branch_monthly");
        read(c, rows, "SELECT 'branch_yearly|' || branch_id || '|' || year, concat_ws(',', graded_excellent, "
                + "graded_good, graded_completed, graded_not_completed, members_at_risk) FROM reporting.branch_yearly");
        return rows;
    }

    private static void read(Connection c, Map<String, String> rows, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                rows.put(rs.getString(1), rs.getString(2));
            }
        }
    }
}
