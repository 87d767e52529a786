package vn.chibo.pulse.sink;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import vn.chibo.pulse.aggregates.DistrictCurrent;
import vn.chibo.pulse.aggregates.DistrictMonthlyStats;
import vn.chibo.pulse.aggregates.DistrictName;
import vn.chibo.pulse.aggregates.DistrictYearlyStats;
import vn.chibo.pulse.domain.Topics;

/**
 * Random updates of the aggregate topics, as the streams app would write them, and the tables
 * they must leave behind: for each key, the last committed value (no row after a tombstone).
 */
final class Workload {

    private final Random random;
    private final int districts;
    private final Map<String, String> expected = new TreeMap<>();
    private volatile int sent;

    Workload(long seed, int districts) {
        this.random = new Random(seed);
        this.districts = districts;
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
        String code = String.format("D%02d", 1 + random.nextInt(districts));
        int pick = random.nextInt(100);
        boolean tombstone = random.nextInt(100) < 3;
        if (pick < 5) {
            String row = "districts|" + code;
            DistrictName v = DistrictName.newBuilder().setDistrictCode(code).setDistrictName("Huyện " + code + " #" + sent).build();
            return update(Topics.DISTRICTS, code, row, tombstone ? null : v, v.getDistrictName());
        }
        if (pick < 30) {
            String row = "district_current|" + code;
            int[] n = counts(9);
            DistrictCurrent v = DistrictCurrent.newBuilder().setDistrictCode(code)
                    .setMembersActive(n[0]).setMembersOfficial(n[1]).setMembersProbationary(n[2])
                    .setMembersVillage(n[3]).setMembersStreetGroup(n[4]).setMembersOther(n[5])
                    .setBranchesVillage(n[6]).setBranchesStreetGroup(n[7]).setBranchesOther(n[8]).build();
            return update(Topics.DISTRICT_CURRENT, code, row, tombstone ? null : v, join(n));
        }
        if (pick < 80) {
            LocalDate month = LocalDate.of(2024, 1, 1).plusMonths(random.nextInt(24));
            String key = code + "|" + month.toString().substring(0, 7);
            String row = "district_monthly|" + code + "|" + month;
            int[] n = counts(14);
            DistrictMonthlyStats v = DistrictMonthlyStats.newBuilder().setDistrictCode(code).setMonth(month)
                    .setAdmissions(n[0]).setConfirmations(n[1]).setTransfersIn(n[2]).setTransfersOut(n[3])
                    .setDeaths(n[4]).setRemovals(n[5]).setExpulsions(n[6]).setRegularMeetings(n[7])
                    .setThematicMeetings(n[8]).setBranchesWithRegularMeeting(n[9]).setMembersExpected(n[10])
                    .setMembersPresent(n[11]).setMeetingsWithSuperior(n[12]).setMeetingsWithSelfCriticism(n[13]).build();
            return update(Topics.DISTRICT_MONTHLY, key, row, tombstone ? null : v, join(n));
        }
        int year = 2023 + random.nextInt(3);
        String row = "district_yearly|" + code + "|" + year;
        int[] n = counts(5);
        DistrictYearlyStats v = DistrictYearlyStats.newBuilder().setDistrictCode(code).setYear(year)
                .setGradedExcellent(n[0]).setGradedGood(n[1]).setGradedCompleted(n[2]).setGradedNotCompleted(n[3])
                .setMembersAtRisk(n[4]).build();
        return update(Topics.DISTRICT_YEARLY, code + "|" + year, row, tombstone ? null : v, join(n));
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

    /** The four tables as they are, in the shape of {@link #expectedTables()}. */
    static Map<String, String> actualTables(Connection c) throws SQLException {
        Map<String, String> rows = new TreeMap<>();
        read(c, rows, "SELECT 'districts|' || district_code, district_name FROM reporting.districts");
        read(c, rows, "SELECT 'district_current|' || district_code, concat_ws(',', members_active, members_official, "
                + "members_probationary, members_village, members_street_group, members_other, branches_village, "
                + "branches_street_group, branches_other) FROM reporting.district_current");
        read(c, rows, "SELECT 'district_monthly|' || district_code || '|' || month, concat_ws(',', admissions, "
                + "confirmations, transfers_in, transfers_out, deaths, removals, expulsions, regular_meetings, "
                + "thematic_meetings, branches_with_regular_meeting, members_expected, members_present, "
                + "meetings_with_superior, meetings_with_self_criticism) FROM reporting.district_monthly");
        read(c, rows, "SELECT 'district_yearly|' || district_code || '|' || year, concat_ws(',', graded_excellent, "
                + "graded_good, graded_completed, graded_not_completed, members_at_risk) FROM reporting.district_yearly");
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
