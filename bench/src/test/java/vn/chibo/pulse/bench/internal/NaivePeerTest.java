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
 * The naive peer's SQL (naive-peer.sql) on the machine's PostgreSQL: the rules of SPEC.md §2 and
 * §3 one by one, and a simulated province whose totals must come out as the simulation counts them
 * — so that the peer the pipeline is compared with computes the same thing.
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

    @BeforeEach
    void freshSchema() throws SQLException {
        NaivePeer.install(connection);
        apply("{\"type\":\"District\",\"eventId\":\"d1\",\"code\":\"D1\",\"name\":\"Huyện Một\"}");
        apply("{\"type\":\"District\",\"eventId\":\"d2\",\"code\":\"D2\",\"name\":\"Huyện Hai\"}");
        apply("{\"type\":\"Commune\",\"eventId\":\"c1\",\"code\":\"C1\",\"name\":\"Xã Một\",\"districtCode\":\"D1\"}");
        apply("{\"type\":\"Commune\",\"eventId\":\"c2\",\"code\":\"C2\",\"name\":\"Xã Hai\",\"districtCode\":\"D2\"}");
        apply("{\"type\":\"Branch\",\"eventId\":\"b1\",\"id\":\"B1\",\"name\":\"Thôn 1\",\"communeCode\":\"C1\",\"kind\":\"VILLAGE\"}");
        apply("{\"type\":\"Branch\",\"eventId\":\"b1b\",\"id\":\"B1b\",\"name\":\"Tổ 1\",\"communeCode\":\"C1\",\"kind\":\"STREET_GROUP\"}");
        apply("{\"type\":\"Branch\",\"eventId\":\"b2\",\"id\":\"B2\",\"name\":\"Cơ quan\",\"communeCode\":\"C2\",\"kind\":\"OTHER\"}");
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

    private static int current(String column, String district) throws SQLException {
        return value("SELECT " + column + " FROM naive.district_current WHERE district_code = '" + district + "'");
    }

    private static int monthly(String column, String district, String month) throws SQLException {
        return value("SELECT " + column + " FROM naive.district_monthly WHERE district_code = '" + district
                + "' AND month = '" + month + "'");
    }

    private static String admit(String id, String member, String branch, String date) {
        return "{\"type\":\"MemberAdmitted\",\"eventId\":\"" + id + "\",\"memberId\":\"" + member + "\",\"branchId\":\"" + branch
                + "\",\"date\":\"" + date + "\"}";
    }

    private static String meeting(String id, String meeting, int revision, String kind, int expected, int present, String absent) {
        return "{\"type\":\"MeetingRecorded\",\"eventId\":\"" + id + "\",\"meetingId\":\"" + meeting + "\",\"branchId\":\"B1\","
                + "\"date\":\"2025-03-10\",\"kind\":\"" + kind + "\",\"revision\":" + revision + ",\"membersExpected\":" + expected
                + ",\"membersPresent\":" + present + ",\"absentUnexcused\":[" + absent + "],\"superiorAttended\":true,"
                + "\"selfCriticism\":false}";
    }

    @Test
    void branchesAndMembersCountForTheDistrictOfTheirCommuneAndTheKindOfTheirBranch() throws SQLException {
        assertThat(apply(admit("e1", "M1", "B1", "2025-03-01"))).isNull();
        assertThat(apply("{\"type\":\"MemberRegistered\",\"eventId\":\"e2\",\"memberId\":\"M2\",\"branchId\":\"B1b\","
                + "\"status\":\"OFFICIAL\",\"date\":\"2020-01-01\"}")).isNull();
        assertThat(current("branches_village", "D1")).isEqualTo(1);
        assertThat(current("branches_street_group", "D1")).isEqualTo(1);
        assertThat(current("branches_other", "D2")).isEqualTo(1);
        assertThat(current("members_active", "D1")).isEqualTo(2);
        assertThat(current("members_probationary", "D1")).isEqualTo(1);
        assertThat(current("members_official", "D1")).isEqualTo(1);
        assertThat(current("members_village", "D1")).isEqualTo(1);
        assertThat(current("members_street_group", "D1")).isEqualTo(1);
        assertThat(monthly("admissions", "D1", "2025-03-01")).isEqualTo(1);
    }

    @Test
    void anEventIdAlreadyAcceptedHasNoFurtherEffect() throws SQLException {
        assertThat(apply(admit("e1", "M1", "B1", "2025-03-01"))).isNull();
        assertThat(apply(admit("e1", "M1", "B1", "2025-03-01"))).isEqualTo("DUPLICATE");
        assertThat(monthly("admissions", "D1", "2025-03-01")).isEqualTo(1);
    }

    @Test
    void aTransferCountsOutAndInOnlyBetweenDistinctDistricts() throws SQLException {
        apply(admit("e1", "M1", "B1", "2025-03-01"));
        apply("{\"type\":\"MemberTransferred\",\"eventId\":\"t1\",\"memberId\":\"M1\",\"fromBranchId\":\"B1\",\"toBranchId\":\"B1b\","
                + "\"status\":null,\"date\":\"2025-04-02\"}");
        assertThat(monthly("transfers_out", "D1", "2025-04-01")).isZero();
        assertThat(current("members_street_group", "D1")).isEqualTo(1);
        assertThat(current("members_village", "D1")).isZero();
        apply("{\"type\":\"MemberTransferred\",\"eventId\":\"t2\",\"memberId\":\"M1\",\"fromBranchId\":\"B1b\",\"toBranchId\":\"B2\","
                + "\"status\":null,\"date\":\"2025-05-02\"}");
        assertThat(monthly("transfers_out", "D1", "2025-05-01")).isEqualTo(1);
        assertThat(monthly("transfers_in", "D2", "2025-05-01")).isEqualTo(1);
        assertThat(current("members_active", "D1")).isZero();
        assertThat(current("members_active", "D2")).isEqualTo(1);
        apply("{\"type\":\"MemberTransferred\",\"eventId\":\"t3\",\"memberId\":\"M1\",\"fromBranchId\":\"B2\",\"toBranchId\":null,"
                + "\"status\":null,\"date\":\"2025-06-02\"}");
        assertThat(monthly("transfers_out", "D2", "2025-06-01")).isEqualTo(1);
        assertThat(current("members_active", "D2")).isZero();
        apply("{\"type\":\"MemberTransferred\",\"eventId\":\"t4\",\"memberId\":\"M9\",\"fromBranchId\":null,\"toBranchId\":\"B2\","
                + "\"status\":\"OFFICIAL\",\"date\":\"2025-06-03\"}");
        assertThat(monthly("transfers_in", "D2", "2025-06-01")).isEqualTo(1);
        assertThat(current("members_official", "D2")).isEqualTo(1);
    }

    @Test
    void eventsThatDoNotFitTheMembersStateAreRejectedWithTheirReason() throws SQLException {
        apply(admit("e1", "M1", "B1", "2025-03-01"));
        assertThat(apply(admit("e2", "M1", "B1", "2025-03-02"))).isEqualTo("MEMBER_ALREADY_ACTIVE");
        assertThat(apply(admit("e3", "M2", "NOPE", "2025-03-02"))).isEqualTo("UNKNOWN_BRANCH");
        assertThat(apply("{\"type\":\"MemberConfirmed\",\"eventId\":\"e4\",\"memberId\":\"M7\",\"date\":\"2025-03-02\"}"))
                .isEqualTo("MEMBER_NOT_ACTIVE");
        assertThat(apply("{\"type\":\"MemberTransferred\",\"eventId\":\"e5\",\"memberId\":\"M1\",\"fromBranchId\":\"B2\","
                + "\"toBranchId\":\"B1b\",\"status\":null,\"date\":\"2025-03-02\"}")).isEqualTo("TRANSFER_FROM_WRONG_BRANCH");
        assertThat(apply("{\"type\":\"MemberConfirmed\",\"eventId\":\"e6\",\"memberId\":\"M1\",\"date\":\"2026-03-02\"}")).isNull();
        assertThat(apply("{\"type\":\"MemberConfirmed\",\"eventId\":\"e7\",\"memberId\":\"M1\",\"date\":\"2026-03-03\"}"))
                .isEqualTo("MEMBER_ALREADY_OFFICIAL");
        assertThat(apply("{\"type\":\"MemberLeft\",\"eventId\":\"e8\",\"memberId\":\"M1\",\"reason\":\"DECEASED\",\"date\":\"2026-04-01\"}"))
                .isNull();
        assertThat(monthly("deaths", "D1", "2026-04-01")).isEqualTo(1);
        assertThat(current("members_active", "D1")).isZero();
    }

    @Test
    void aRegradeMovesTheCountOfTheYear() throws SQLException {
        apply(admit("e1", "M1", "B1", "2025-03-01"));
        apply("{\"type\":\"MemberClassified\",\"eventId\":\"g1\",\"memberId\":\"M1\",\"year\":2025,\"grade\":\"GOOD\"}");
        apply("{\"type\":\"MemberClassified\",\"eventId\":\"g2\",\"memberId\":\"M1\",\"year\":2025,\"grade\":\"EXCELLENT\"}");
        assertThat(value("SELECT graded_good FROM naive.district_yearly WHERE district_code = 'D1' AND year = 2025")).isZero();
        assertThat(value("SELECT graded_excellent FROM naive.district_yearly WHERE district_code = 'D1' AND year = 2025")).isEqualTo(1);
    }

    @Test
    void aHigherRevisionReplacesTheMeetingAndARetractionRemovesIt() throws SQLException {
        assertThat(apply(meeting("m1", "MT1", 1, "REGULAR", 10, 8, ""))).isNull();
        assertThat(apply(meeting("m2", "MT1", 2, "REGULAR", 10, 9, ""))).isNull();
        assertThat(apply(meeting("m3", "MT1", 1, "REGULAR", 10, 2, ""))).isNull(); // stale: ignored
        assertThat(monthly("regular_meetings", "D1", "2025-03-01")).isEqualTo(1);
        assertThat(monthly("members_present", "D1", "2025-03-01")).isEqualTo(9);
        assertThat(monthly("branches_with_regular_meeting", "D1", "2025-03-01")).isEqualTo(1);
        assertThat(monthly("meetings_with_superior", "D1", "2025-03-01")).isEqualTo(1);
        apply("{\"type\":\"MeetingRetracted\",\"eventId\":\"m4\",\"meetingId\":\"MT1\",\"revision\":3}");
        assertThat(monthly("regular_meetings", "D1", "2025-03-01")).isZero();
        assertThat(monthly("branches_with_regular_meeting", "D1", "2025-03-01")).isZero();
        assertThat(monthly("members_expected", "D1", "2025-03-01")).isZero();
        apply(meeting("m5", "MT1", 3, "THEMATIC", 5, 5, ""));                      // not higher than the retraction
        assertThat(monthly("thematic_meetings", "D1", "2025-03-01")).isZero();
        apply(meeting("m6", "MT1", 4, "THEMATIC", 5, 5, ""));
        assertThat(monthly("thematic_meetings", "D1", "2025-03-01")).isEqualTo(1);
    }

    @Test
    void aMemberAbsentFromThreeRegularMeetingsOfAYearIsAtRisk() throws SQLException {
        apply(admit("e1", "M1", "B1", "2025-01-01"));
        apply(meeting("a1", "R1", 1, "REGULAR", 10, 8, "\"M1\""));
        apply(meeting("a2", "R2", 1, "REGULAR", 10, 8, "\"M1\""));
        apply(meeting("a3", "R3", 1, "THEMATIC", 10, 8, "\"M1\""));
        assertThat(value("SELECT members_at_risk FROM naive.members_at_risk WHERE district_code = 'D1' AND year = 2025")).isZero();
        apply(meeting("a4", "R4", 1, "REGULAR", 10, 8, "\"M1\""));
        assertThat(value("SELECT members_at_risk FROM naive.members_at_risk WHERE district_code = 'D1' AND year = 2025")).isEqualTo(1);
        apply(meeting("a5", "R4", 2, "REGULAR", 10, 10, ""));                       // corrected: no longer absent
        assertThat(value("SELECT members_at_risk FROM naive.members_at_risk WHERE district_code = 'D1' AND year = 2025")).isZero();
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
        assertThat(value("SELECT sum(members_active) FROM naive.district_current WHERE district_code NOT IN ('D1', 'D2')"))
                .isEqualTo(counts.membersActive());
        assertThat(value("SELECT sum(members_official) FROM naive.district_current WHERE district_code NOT IN ('D1', 'D2')"))
                .isEqualTo(counts.membersOfficial());
        assertThat(value("SELECT sum(members_village + members_street_group) FROM naive.district_current "
                + "WHERE district_code NOT IN ('D1', 'D2')")).isEqualTo(counts.membersInVillageAndStreetGroup());
        long invalid = counts.invalid();
        long duplicates = rejected.getOrDefault("DUPLICATE", 0L);
        assertThat(duplicates).isEqualTo(counts.duplicates());
        assertThat(refused + rejected.values().stream().mapToLong(Long::longValue).sum() - duplicates).isEqualTo(invalid);
    }
}
