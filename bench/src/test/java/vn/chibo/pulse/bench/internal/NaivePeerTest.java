package vn.chibo.pulse.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import vn.chibo.pulse.domain.EventRules;
import vn.chibo.pulse.domain.Rejection;
import vn.chibo.pulse.producers.simulator.EventGenerator;
import vn.chibo.pulse.producers.simulator.ProvinceSimulator;
import vn.chibo.pulse.producers.simulator.Scale;
import vn.chibo.pulse.producers.simulator.SimulatedEvent;

/**
 * The naive peer's SQL (naive-peer.sql) on the machine's PostgreSQL, writing the reporting tables
 * the sink's migrations make: the rules of SPEC.md §2 and §3 one by one, read from the relations
 * analysts query (branch tables, and the commune, district and province views over them), and a
 * simulated province whose totals must come out as the simulation counts them — so that the peer the
 * pipeline is compared with computes the same thing.
 */
class NaivePeerTest {
    private static final String URL = Optional.ofNullable(System.getenv("PULSE_TEST_PG_URL"))
            .orElse("jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres");
    private static final Databases SERVER = new Databases(URL, null, null);
    private static final String DB = "bench_naive_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private static Connection connection;
    private static PreparedStatement apply;

    @BeforeAll
    static void createDatabase() throws SQLException {
        SERVER.recreate(DB);
        connection = SERVER.connect(DB);
        apply = NaivePeer.prepare(connection);
    }

    @AfterAll
    static void dropDatabase() throws SQLException {
        apply.close();
        connection.close();
        try (Connection c = SERVER.connect("postgres"); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + DB + " WITH (FORCE)");
        }
    }

    /** D1 holds C1 (branches B1, B1b) and C3 (B3); D2 holds C2 (B2). */
    @BeforeEach
    void freshSchema() throws SQLException {
        NaivePeer.install(SERVER, DB);
        apply("{\"type\":\"District\",\"eventId\":\"d1\",\"code\":\"D1\",\"name\":\"Huyện Một\"}");
        apply("{\"type\":\"District\",\"eventId\":\"d2\",\"code\":\"D2\",\"name\":\"Huyện Hai\"}");
        apply(commune("c1", "C1", "\"D1\""));
        apply(commune("c2", "C2", "\"D2\""));
        apply(commune("c3", "C3", "\"D1\""));
        apply(branch("b1", "B1", "C1", "VILLAGE"));
        apply(branch("b1b", "B1b", "C1", "STREET_GROUP"));
        apply(branch("b2", "B2", "C2", "OTHER"));
        apply(branch("b3", "B3", "C3", "VILLAGE"));
    }

    private static String apply(String json) throws SQLException {
        apply.setString(1, json);
        try (ResultSet rs = apply.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static int value(String sql) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    /** A column of {@code reporting.<level>_current} for one unit (level branch, commune or district). */
    private static int current(String level, String column, String unit) throws SQLException {
        return value("SELECT " + column + " FROM reporting." + level + "_current WHERE " + keyOf(level) + " = '" + unit + "'");
    }

    /** A column of {@code reporting.<level>_monthly} for one unit and month. */
    private static int monthly(String level, String column, String unit, String month) throws SQLException {
        return value("SELECT " + column + " FROM reporting." + level + "_monthly WHERE " + keyOf(level) + " = '" + unit
                + "' AND month = '" + month + "'");
    }

    /** A column of {@code reporting.<level>_yearly} for one unit in 2025. */
    private static int yearly(String level, String column, String unit) throws SQLException {
        return value("SELECT " + column + " FROM reporting." + level + "_yearly WHERE " + keyOf(level) + " = '" + unit
                + "' AND year = 2025");
    }

    private static String keyOf(String level) {
        return level.equals("branch") ? "branch_id" : level + "_code";
    }

    private static String commune(String id, String code, String district) {
        return "{\"type\":\"Commune\",\"eventId\":\"" + id + "\",\"code\":\"" + code + "\",\"name\":\"Xã " + code
                + "\",\"districtCode\":" + district + "}";
    }

    private static String branch(String id, String branch, String commune, String kind) {
        return "{\"type\":\"Branch\",\"eventId\":\"" + id + "\",\"id\":\"" + branch + "\",\"name\":\"Chi bộ " + branch
                + "\",\"communeCode\":\"" + commune + "\",\"kind\":\"" + kind + "\"}";
    }

    private static String admit(String id, String member, String branch, String date) {
        return "{\"type\":\"MemberAdmitted\",\"eventId\":\"" + id + "\",\"memberId\":\"" + member + "\",\"branchId\":\"" + branch
                + "\",\"date\":\"" + date + "\"}";
    }

    private static String transfer(String id, String member, String from, String to, String date) {
        return "{\"type\":\"MemberTransferred\",\"eventId\":\"" + id + "\",\"memberId\":\"" + member + "\",\"fromBranchId\":"
                + quoted(from) + ",\"toBranchId\":" + quoted(to) + ",\"status\":" + (from == null ? "\"OFFICIAL\"" : "null")
                + ",\"date\":\"" + date + "\"}";
    }

    private static String memberEvent(String type, String id, String member, String date) {
        return "{\"type\":\"" + type + "\",\"eventId\":\"" + id + "\",\"memberId\":\"" + member + "\",\"date\":\"" + date + "\"}";
    }

    private static String quoted(String s) {
        return s == null ? "null" : "\"" + s + "\"";
    }

    private static String meeting(String id, String meeting, int revision, String kind, int expected, int present, String absent) {
        return meeting(id, meeting, revision, kind, "2025-03-10", expected, present, absent, null);
    }

    private static String meeting(String id, String meeting, int revision, String kind, String date, int expected, int present,
                                  String absent, Integer score) {
        return "{\"type\":\"MeetingRecorded\",\"eventId\":\"" + id + "\",\"meetingId\":\"" + meeting + "\",\"branchId\":\"B1\","
                + "\"date\":\"" + date + "\",\"kind\":\"" + kind + "\",\"revision\":" + revision + ",\"membersExpected\":" + expected
                + ",\"membersPresent\":" + present + ",\"absentUnexcused\":[" + absent + "],\"superiorAttended\":true,"
                + "\"selfCriticism\":false,\"qualityScore\":" + score + "}";
    }

    @Test
    void membersCountForTheirBranchAndTheCommuneAndDistrictThatHoldIt() throws SQLException {
        assertThat(apply(admit("e1", "M1", "B1", "2025-03-01"))).isNull();
        assertThat(apply("{\"type\":\"MemberRegistered\",\"eventId\":\"e2\",\"memberId\":\"M2\",\"branchId\":\"B1b\","
                + "\"status\":\"OFFICIAL\",\"date\":\"2020-01-01\"}")).isNull();
        assertThat(current("branch", "members_probationary", "B1")).isEqualTo(1);
        assertThat(current("branch", "members_official", "B1b")).isEqualTo(1);
        assertThat(current("district", "branches_village", "D1")).isEqualTo(2);
        assertThat(current("district", "branches_street_group", "D1")).isEqualTo(1);
        assertThat(current("district", "branches_other", "D2")).isEqualTo(1);
        assertThat(current("commune", "members_active", "C1")).isEqualTo(2);
        assertThat(current("district", "members_active", "D1")).isEqualTo(2);
        assertThat(current("district", "members_village", "D1")).isEqualTo(1);
        assertThat(current("district", "members_street_group", "D1")).isEqualTo(1);
        assertThat(value("SELECT members_active FROM reporting.province_current")).isEqualTo(2);
        assertThat(monthly("branch", "admissions", "B1", "2025-03-01")).isEqualTo(1);
        assertThat(monthly("district", "admissions", "D1", "2025-03-01")).isEqualTo(1);
    }

    @Test
    void anEventIdAlreadyAcceptedHasNoFurtherEffect() throws SQLException {
        assertThat(apply(admit("e1", "M1", "B1", "2025-03-01"))).isNull();
        assertThat(apply(admit("e1", "M1", "B1", "2025-03-01"))).isEqualTo("DUPLICATE");
        assertThat(monthly("branch", "admissions", "B1", "2025-03-01")).isEqualTo(1);
    }

    @Test
    void aTransferCountsAtEachLevelOnlyBetweenDistinctUnitsOfIt() throws SQLException {
        apply(admit("e1", "M1", "B1", "2025-03-01"));
        apply(transfer("t1", "M1", "B1", "B1b", "2025-04-02"));                  // within commune C1
        assertThat(monthly("branch", "transfers_out", "B1", "2025-04-01")).isEqualTo(1);
        assertThat(monthly("branch", "transfers_in", "B1b", "2025-04-01")).isEqualTo(1);
        assertThat(monthly("commune", "transfers_out", "C1", "2025-04-01")).isZero();
        assertThat(current("district", "members_street_group", "D1")).isEqualTo(1);
        assertThat(current("district", "members_village", "D1")).isZero();
        apply(transfer("t2", "M1", "B1b", "B3", "2025-05-02"));                  // from C1 to C3, both in D1
        assertThat(monthly("commune", "transfers_out", "C1", "2025-05-01")).isEqualTo(1);
        assertThat(monthly("commune", "transfers_in", "C3", "2025-05-01")).isEqualTo(1);
        assertThat(monthly("district", "transfers_out", "D1", "2025-05-01")).isZero();
        apply(transfer("t3", "M1", "B3", "B2", "2025-06-02"));                   // from D1 to D2
        assertThat(monthly("district", "transfers_out", "D1", "2025-06-01")).isEqualTo(1);
        assertThat(monthly("district", "transfers_in", "D2", "2025-06-01")).isEqualTo(1);
        assertThat(current("district", "members_active", "D1")).isZero();
        assertThat(current("district", "members_active", "D2")).isEqualTo(1);
        apply(transfer("t4", "M1", "B2", null, "2025-07-02"));                   // out of the province
        assertThat(monthly("district", "transfers_out", "D2", "2025-07-01")).isEqualTo(1);
        assertThat(current("district", "members_active", "D2")).isZero();
        apply(transfer("t5", "M9", null, "B2", "2025-07-03"));                   // from outside
        assertThat(monthly("commune", "transfers_in", "C2", "2025-07-01")).isEqualTo(1);
        assertThat(current("branch", "members_official", "B2")).isEqualTo(1);
    }

    @Test
    void eventsThatDoNotFitTheMembersStateAreRejectedWithTheirReason() throws SQLException {
        apply(admit("e1", "M1", "B1", "2025-03-01"));
        assertThat(apply(admit("e2", "M1", "B1", "2025-03-02"))).isEqualTo("MEMBER_ALREADY_ACTIVE");
        assertThat(apply(admit("e3", "M2", "NOPE", "2025-03-02"))).isEqualTo("UNKNOWN_BRANCH");
        assertThat(apply(memberEvent("MemberConfirmed", "e4", "M7", "2025-03-02"))).isEqualTo("MEMBER_NOT_ACTIVE");
        assertThat(apply(transfer("e5", "M1", "B2", "B1b", "2025-03-02"))).isEqualTo("TRANSFER_FROM_WRONG_BRANCH");
        assertThat(apply(memberEvent("MemberConfirmed", "e6", "M1", "2026-03-02"))).isNull();
        assertThat(apply(memberEvent("MemberConfirmed", "e7", "M1", "2026-03-03"))).isEqualTo("MEMBER_ALREADY_OFFICIAL");
        assertThat(apply(memberEvent("MemberExemptionEnded", "e8", "M1", "2026-03-04"))).isEqualTo("MEMBER_NOT_EXEMPT");
        assertThat(apply(memberEvent("MemberExempted", "e9", "M1", "2026-03-04"))).isNull();
        assertThat(apply(memberEvent("MemberExempted", "e10", "M1", "2026-03-05"))).isEqualTo("MEMBER_ALREADY_EXEMPT");
        assertThat(current("district", "members_exempted", "D1")).isEqualTo(1);
        assertThat(apply("{\"type\":\"MemberLeft\",\"eventId\":\"e11\",\"memberId\":\"M1\",\"reason\":\"DECEASED\","
                + "\"date\":\"2026-04-01\"}")).isNull();
        assertThat(monthly("district", "deaths", "D1", "2026-04-01")).isEqualTo(1);
        assertThat(current("district", "members_active", "D1")).isZero();
        assertThat(current("district", "members_exempted", "D1")).as("the exemption ends with the membership").isZero();
        assertThat(apply(memberEvent("MemberExempted", "e12", "M1", "2026-04-02"))).isEqualTo("MEMBER_NOT_ACTIVE");
        assertThat(apply(commune("e13", "C9", "\"D9\""))).isEqualTo("UNKNOWN_DISTRICT");
        assertThat(apply(branch("e14", "B9", "C9", "OTHER"))).isEqualTo("UNKNOWN_COMMUNE");
    }

    @Test
    void aRegradeMovesTheCountOfTheYear() throws SQLException {
        apply(admit("e1", "M1", "B1", "2025-03-01"));
        apply("{\"type\":\"MemberClassified\",\"eventId\":\"g1\",\"memberId\":\"M1\",\"year\":2025,\"grade\":\"GOOD\"}");
        apply("{\"type\":\"MemberClassified\",\"eventId\":\"g2\",\"memberId\":\"M1\",\"year\":2025,\"grade\":\"EXCELLENT\"}");
        assertThat(yearly("district", "graded_good", "D1")).isZero();
        assertThat(yearly("district", "graded_excellent", "D1")).isEqualTo(1);
        assertThat(yearly("branch", "graded_excellent", "B1")).isEqualTo(1);
    }

    @Test
    void aHigherRevisionReplacesTheMeetingAndARetractionRemovesIt() throws SQLException {
        assertThat(apply(meeting("m1", "MT1", 1, "REGULAR", 10, 8, ""))).isNull();
        assertThat(apply(meeting("m2", "MT1", 2, "REGULAR", 10, 9, ""))).isNull();
        assertThat(apply(meeting("m3", "MT1", 1, "REGULAR", 10, 2, ""))).isNull(); // stale: ignored
        assertThat(monthly("district", "regular_meetings", "D1", "2025-03-01")).isEqualTo(1);
        assertThat(monthly("district", "members_present", "D1", "2025-03-01")).isEqualTo(9);
        assertThat(monthly("district", "branches_with_regular_meeting", "D1", "2025-03-01")).isEqualTo(1);
        assertThat(monthly("branch", "meetings_with_superior", "B1", "2025-03-01")).isEqualTo(1);
        apply("{\"type\":\"MeetingRetracted\",\"eventId\":\"m4\",\"meetingId\":\"MT1\",\"revision\":3}");
        assertThat(monthly("district", "regular_meetings", "D1", "2025-03-01")).isZero();
        assertThat(monthly("district", "branches_with_regular_meeting", "D1", "2025-03-01")).isZero();
        assertThat(monthly("branch", "members_expected", "B1", "2025-03-01")).isZero();
        apply(meeting("m5", "MT1", 3, "THEMATIC", 5, 5, ""));                      // not higher than the retraction
        assertThat(monthly("branch", "thematic_meetings", "B1", "2025-03-01")).isZero();
        apply(meeting("m6", "MT1", 4, "THEMATIC", 5, 5, ""));
        assertThat(monthly("commune", "thematic_meetings", "C1", "2025-03-01")).isEqualTo(1);
    }

    @Test
    void aScoredMeetingCountsInItsBandAndAReRecordMovesIt() throws SQLException {
        apply(meeting("q1", "Q1", 1, "REGULAR", "2025-03-10", 10, 8, "", 85));
        apply(meeting("q2", "Q2", 1, "THEMATIC", "2025-03-20", 10, 8, "", 49));
        apply(meeting("q3", "Q3", 1, "REGULAR", "2025-03-25", 10, 8, "", null));
        assertThat(monthly("branch", "meetings_scored", "B1", "2025-03-01")).isEqualTo(2);
        assertThat(monthly("branch", "quality_score_sum", "B1", "2025-03-01")).isEqualTo(134);
        assertThat(monthly("branch", "meetings_good", "B1", "2025-03-01")).isEqualTo(1);
        assertThat(monthly("district", "meetings_poor", "D1", "2025-03-01")).isEqualTo(1);
        apply(meeting("q4", "Q1", 2, "REGULAR", "2025-03-10", 10, 8, "", 70));
        assertThat(monthly("branch", "meetings_good", "B1", "2025-03-01")).isZero();
        assertThat(monthly("branch", "meetings_fair", "B1", "2025-03-01")).isEqualTo(1);
        assertThat(monthly("branch", "quality_score_sum", "B1", "2025-03-01")).isEqualTo(119);
    }

    @Test
    void aMemberAbsentFromRegularMeetingsInThreeMonthsOfAYearIsAtRiskUnlessExempt() throws SQLException {
        apply(admit("e1", "M1", "B1", "2025-01-01"));
        apply(meeting("a1", "R1", 1, "REGULAR", "2025-01-10", 10, 8, "\"M1\"", null));
        apply(meeting("a2", "R2", 1, "REGULAR", "2025-02-10", 10, 8, "\"M1\"", null));
        apply(meeting("a3", "R3", 1, "REGULAR", "2025-02-20", 10, 8, "\"M1\"", null));   // a month already counted
        apply(meeting("a4", "R4", 1, "THEMATIC", "2025-03-10", 10, 8, "\"M1\"", null));  // not a regular meeting
        assertThat(yearly("district", "members_at_risk", "D1")).isZero();
        apply(meeting("a5", "R5", 1, "REGULAR", "2025-04-10", 10, 8, "\"M1\"", null));
        assertThat(yearly("branch", "members_at_risk", "B1")).isEqualTo(1);
        assertThat(yearly("district", "members_at_risk", "D1")).isEqualTo(1);
        apply(memberEvent("MemberExempted", "x1", "M1", "2025-05-01"));
        assertThat(yearly("branch", "members_at_risk", "B1")).isZero();
        apply(memberEvent("MemberExemptionEnded", "x2", "M1", "2025-06-01"));
        assertThat(yearly("branch", "members_at_risk", "B1")).isEqualTo(1);
        apply(transfer("x3", "M1", "B1", "B2", "2025-06-02"));                            // at risk where the member is now
        assertThat(yearly("branch", "members_at_risk", "B1")).isZero();
        assertThat(yearly("district", "members_at_risk", "D2")).isEqualTo(1);
        apply(meeting("a6", "R5", 2, "REGULAR", "2025-04-10", 10, 10, "", null));          // corrected: no longer absent
        assertThat(yearly("district", "members_at_risk", "D2")).isZero();
    }

    @Test
    void aUnitThatMovesTakesItsWholeHistoryWithIt() throws SQLException {
        apply(admit("e1", "M1", "B1", "2025-03-01"));
        apply(branch("mv1", "B1", "C2", "VILLAGE"));                                     // B1 moves to C2, in D2
        assertThat(monthly("district", "admissions", "D1", "2025-03-01")).isZero();
        assertThat(monthly("district", "admissions", "D2", "2025-03-01")).isEqualTo(1);
        assertThat(current("commune", "members_active", "C2")).isEqualTo(1);
        apply(commune("mv2", "C2", "null"));                                              // C2 now directly under the province
        assertThat(current("district", "members_active", "D2")).isZero();
        assertThat(monthly("commune", "admissions", "C2", "2025-03-01")).isEqualTo(1);
        assertThat(value("SELECT members_active FROM reporting.province_current")).isEqualTo(1);
    }

    @Test
    void aSimulatedProvinceComesOutWithTheMembersTheSimulationCounts() throws SQLException {
        LocalDate today = EventRules.today();
        LocalDate start = today.withDayOfMonth(1).minusMonths(14);
        ProvinceSimulator simulator = ProvinceSimulator.synthetic(Scale.of(3, 150, 3_000), 7, start,
                ProvinceSimulator.DEFAULT_DUPLICATE_RATE, 0.01);
        Map<String, Long> rejected = new HashMap<>();
        long refused = 0;
        for (SimulatedEvent e : (Iterable<SimulatedEvent>) EventGenerator.until(simulator, start.plusYears(1))::iterator) {
            SpecificRecord envelope = e.envelope();
            Optional<Rejection> broken = EventRules.check(envelope, today);
            if (broken.isPresent()) {
                refused++;
                continue;
            }
            String reason = NaivePeer.apply(apply, envelope);
            if (reason != null) {
                rejected.merge(reason, 1L, Long::sum);
            }
        }
        var counts = simulator.counts();
        // the fixture's units hold no members here: the province's totals are the simulation's
        assertThat(value("SELECT members_active FROM reporting.province_current")).isEqualTo(counts.membersActive());
        assertThat(value("SELECT members_official FROM reporting.province_current")).isEqualTo(counts.membersOfficial());
        assertThat(value("SELECT members_village + members_street_group FROM reporting.province_current"))
                .isEqualTo(counts.membersInVillageAndStreetGroup());
        assertThat(value("SELECT sum(members_active) FROM reporting.branch_current")).isEqualTo(counts.membersActive());
        long invalid = counts.invalid();
        long duplicates = rejected.getOrDefault("DUPLICATE", 0L);
        assertThat(duplicates).isEqualTo(counts.duplicates());
        assertThat(refused + rejected.values().stream().mapToLong(Long::longValue).sum() - duplicates).isEqualTo(invalid);
    }
}
