package vn.chibo.pulse.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SPEC.md §3–§4 (v2) as the analysts' views show it: the sink writes the tree and the branch
 * figures, the commune, district and province relations add up the branches the tree holds now.
 * Rows are written here as the sink writes them (upserts of whole rows).
 */
class BranchTreeViewsTest {

    private static TestDatabase db;

    @BeforeAll
    static void migrate() throws Exception {
        db = TestDatabase.create("tree");
        ReportingSchema.migrate(db.url(), "", "");
    }

    @AfterAll
    static void drop() throws Exception {
        db.close();
    }

    @BeforeEach
    void emptyTree() throws Exception {
        execute("TRUNCATE reporting.districts, reporting.communes, reporting.branches, reporting.branch_current, "
                + "reporting.branch_monthly, reporting.branch_yearly, reporting.branch_transfers");
        execute("INSERT INTO reporting.districts VALUES ('D1', 'Huyện Đức Thọ'), ('D2', 'Huyện Can Lộc')");
    }

    @Test
    void districtFiguresFollowABranchThatMovesToAnotherCommune() throws Exception {
        commune("C1", "D1");
        commune("C2", "D2");
        branch("B1", "C1", "VILLAGE");
        branch("B2", "C2", "VILLAGE");
        execute("INSERT INTO reporting.branch_current (branch_id, members_active, members_official) "
                + "VALUES ('B1', 10, 9), ('B2', 5, 5)");
        execute("INSERT INTO reporting.branch_monthly (branch_id, month, admissions, regular_meetings) "
                + "VALUES ('B1', '2024-03-01', 3, 1), ('B1', '2025-03-01', 2, 1), ('B2', '2025-03-01', 1, 1)");
        execute("INSERT INTO reporting.branch_yearly (branch_id, year, graded_good) VALUES ('B1', 2024, 8)");

        assertThat(rows("SELECT district_code || ' ' || month || ' ' || admissions || ' ' || branches_with_regular_meeting "
                + "FROM reporting.district_monthly ORDER BY 1"))
                .containsExactly("D1 2024-03-01 3 1", "D1 2025-03-01 2 1", "D2 2025-03-01 1 1");
        assertThat(rows("SELECT district_code || ' ' || members_active || ' ' || members_village "
                + "|| ' ' || branches_village FROM reporting.district_current ORDER BY 1"))
                .containsExactly("D1 10 10 1", "D2 5 5 1");

        // the reference data moves B1 to C2, in another district: its whole history goes with it
        branch("B1", "C2", "VILLAGE");

        assertThat(rows("SELECT district_code || ' ' || month || ' ' || admissions || ' ' || branches_with_regular_meeting "
                + "FROM reporting.district_monthly WHERE admissions > 0 ORDER BY 1"))
                .containsExactly("D2 2024-03-01 3 1", "D2 2025-03-01 3 2");
        assertThat(rows("SELECT district_code || ' ' || members_active || ' ' || members_village "
                + "|| ' ' || branches_village FROM reporting.district_current WHERE members_active > 0 ORDER BY 1"))
                .containsExactly("D2 15 15 2");
        assertThat(rows("SELECT coalesce(sum(members_active), 0) FROM reporting.district_current WHERE district_code = 'D1'"))
                .containsExactly("0");
        assertThat(rows("SELECT district_code || ' ' || graded_good FROM reporting.district_yearly WHERE graded_good > 0"))
                .containsExactly("D2 8");
        assertThat(rows("SELECT commune_code || ' ' || members_active FROM reporting.commune_current "
                + "WHERE members_active > 0")).containsExactly("C2 15");
        assertThat(rows("SELECT members_active FROM reporting.province_current")).containsExactly("15");
    }

    @Test
    void transferBetweenTwoCommunesOfOneDistrictCountsAtCommuneLevelOnly() throws Exception {
        commune("C1", "D1");
        commune("C2", "D1");
        branch("B1", "C1", "VILLAGE");
        branch("B2", "C2", "STREET_GROUP");
        // one member moves from B1 (commune C1) to B2 (commune C2), both in district D1
        execute("INSERT INTO reporting.branch_monthly (branch_id, month, transfers_out) VALUES ('B1', '2025-03-01', 1)");
        execute("INSERT INTO reporting.branch_monthly (branch_id, month, transfers_in) VALUES ('B2', '2025-03-01', 1)");
        execute("INSERT INTO reporting.branch_transfers (from_branch_id, to_branch_id, month, transfers) "
                + "VALUES ('B1', 'B2', '2025-03-01', 1)");

        assertThat(rows("SELECT branch_id || ' ' || transfers_in || ' ' || transfers_out FROM reporting.branch_monthly "
                + "ORDER BY 1")).containsExactly("B1 0 1", "B2 1 0");
        assertThat(rows("SELECT commune_code || ' ' || transfers_in || ' ' || transfers_out FROM reporting.commune_monthly "
                + "WHERE month = '2025-03-01' ORDER BY 1")).containsExactly("C1 0 1", "C2 1 0");
        assertThat(rows("SELECT coalesce(sum(transfers_in), 0) || ' ' || coalesce(sum(transfers_out), 0) "
                + "FROM reporting.district_monthly WHERE district_code = 'D1' AND month = '2025-03-01'"))
                .containsExactly("0 0");

        // C2 moves to district D2: now the same transfer crosses a district boundary too
        commune("C2", "D2");
        assertThat(rows("SELECT district_code || ' ' || transfers_in || ' ' || transfers_out FROM reporting.district_monthly "
                + "WHERE month = '2025-03-01' ORDER BY 1")).containsExactly("D1 0 1", "D2 1 0");
    }

    @Test
    void communeWithoutDistrictCountsInProvinceCurrentAndNoDistrict() throws Exception {
        commune("C1", "D1");
        commune("C9", null);
        branch("B1", "C1", "VILLAGE");
        branch("B9", "C9", "OTHER");
        execute("INSERT INTO reporting.branch_current (branch_id, members_active, members_official, members_probationary, "
                + "members_exempted) VALUES ('B1', 10, 8, 2, 1), ('B9', 7, 7, 0, 2)");
        execute("INSERT INTO reporting.branch_monthly (branch_id, month, admissions) VALUES ('B9', '2025-03-01', 4)");

        assertThat(rows("SELECT members_active || ' ' || members_official || ' ' || members_probationary || ' ' "
                + "|| members_exempted || ' ' || members_other || ' ' || branches_village || ' ' || branches_other "
                + "FROM reporting.province_current")).containsExactly("17 15 2 3 7 1 1");
        assertThat(rows("SELECT commune_code || ' ' || members_active FROM reporting.commune_current ORDER BY 1"))
                .containsExactly("C1 10", "C9 7");
        assertThat(rows("SELECT coalesce(district_code, 'none') || ' ' || members_active FROM reporting.district_current "
                + "WHERE members_active > 0 ORDER BY 1")).containsExactly("D1 10");
        assertThat(rows("SELECT commune_code || ' ' || admissions FROM reporting.commune_monthly WHERE admissions > 0"))
                .containsExactly("C9 4");
        assertThat(rows("SELECT count(*) FROM reporting.district_monthly WHERE admissions > 0")).containsExactly("0");
    }

    @Test
    void branchesWithoutRegularMeetingListsEveryBranchOfTheTreeWithoutOne() throws Exception {
        commune("C1", "D1");
        commune("C9", null);
        branch("B1", "C1", "VILLAGE");
        branch("B2", "C1", "STREET_GROUP");
        branch("B3", "C9", "OTHER");
        LocalDate thisMonth = LocalDate.now().withDayOfMonth(1);
        LocalDate lastMonth = thisMonth.minusMonths(1);
        // B1 met regularly this month; B2 held only a thematic meeting; B3 has no figures at all
        execute("INSERT INTO reporting.branch_monthly (branch_id, month, regular_meetings) VALUES ('B1', '" + thisMonth + "', 1)");
        execute("INSERT INTO reporting.branch_monthly (branch_id, month, thematic_meetings) VALUES ('B2', '" + thisMonth + "', 1)");
        execute("INSERT INTO reporting.branch_monthly (branch_id, month, regular_meetings) VALUES ('B2', '" + lastMonth + "', 2)");
        // a row of zeros (a retracted meeting) is no meeting
        execute("INSERT INTO reporting.branch_monthly (branch_id, month, regular_meetings) VALUES ('B1', '" + lastMonth + "', 0)");

        assertThat(rows("SELECT branch_id || ' ' || branch_name || ' ' || commune_code || ' ' || coalesce(district_code, '-') "
                + "FROM reporting.branches_without_regular_meeting WHERE month = '" + thisMonth + "' ORDER BY 1"))
                .containsExactly("B2 Chi bộ B2 C1 D1", "B3 Chi bộ B3 C9 -");
        assertThat(rows("SELECT branch_id FROM reporting.branches_without_regular_meeting WHERE month = '" + lastMonth
                + "' ORDER BY 1")).containsExactly("B1", "B3");
        // the last 12 months up to the current one
        assertThat(rows("SELECT count(DISTINCT month) || ' ' || min(month) || ' ' || max(month) "
                + "FROM reporting.branches_without_regular_meeting WHERE branch_id = 'B3'"))
                .containsExactly("12 " + thisMonth.minusMonths(11) + " " + thisMonth);
        assertThat(rows("SELECT count(*) FROM reporting.branches_without_regular_meeting")).containsExactly(
                String.valueOf(3 * 12 - 2));
    }

    private static void commune(String code, String district) throws SQLException {
        execute("INSERT INTO reporting.communes (commune_code, commune_name, district_code) VALUES ('" + code + "', 'Xã "
                + code + "', " + (district == null ? "NULL" : "'" + district + "'") + ") ON CONFLICT (commune_code) "
                + "DO UPDATE SET commune_name = EXCLUDED.commune_name, district_code = EXCLUDED.district_code, updated_at = now()");
    }

    private static void branch(String id, String commune, String kind) throws SQLException {
        execute("INSERT INTO reporting.branches (branch_id, branch_name, commune_code, kind) VALUES ('" + id + "', 'Chi bộ "
                + id + "', '" + commune + "', '" + kind + "') ON CONFLICT (branch_id) DO UPDATE SET "
                + "branch_name = EXCLUDED.branch_name, commune_code = EXCLUDED.commune_code, kind = EXCLUDED.kind, updated_at = now()");
    }

    private static void execute(String sql) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static List<String> rows(String sql) throws SQLException {
        try (Connection c = db.connect()) {
            return MigrationsTest.strings(c, sql);
        }
    }
}
