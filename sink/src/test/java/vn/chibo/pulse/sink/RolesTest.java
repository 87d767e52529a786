package vn.chibo.pulse.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The analyst role reads and cannot write; the writer role writes what the sink writes and
 * cannot change the schema. Login roles made for the test are members of the group roles,
 * exactly as the README tells an administrator to do.
 */
class RolesTest {

    private static TestDatabase db;
    private static final String ANALYST = "pulse_test_analyst_" + UUID.randomUUID().toString().substring(0, 8);
    private static final String WRITER = "pulse_test_writer_" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void migrateAndMakeLogins() throws Exception {
        db = TestDatabase.create("roles");
        ReportingSchema.migrate(db.url(), "", "");
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE " + ANALYST + " LOGIN IN ROLE " + ReportingSchema.ANALYST_ROLE);
            s.execute("CREATE ROLE " + WRITER + " LOGIN IN ROLE " + ReportingSchema.WRITER_ROLE);
            s.execute("INSERT INTO reporting.districts VALUES ('D01', 'Huyện Đức Thọ')");
            s.execute("INSERT INTO reporting.communes VALUES ('C01', 'Xã Tùng Ảnh', 'D01')");
            s.execute("INSERT INTO reporting.branches VALUES ('B01', 'Chi bộ thôn Yên Hòa', 'C01', 'VILLAGE')");
            s.execute("INSERT INTO reporting.branch_monthly (branch_id, month, regular_meetings) "
                    + "VALUES ('B01', '2025-03-01', 7)");
        }
    }

    @AfterAll
    static void dropEverything() throws Exception {
        db.close();
        try (Connection c = DriverManager.getConnection(TestDatabase.serverUrl()); Statement s = c.createStatement()) {
            s.execute("DROP ROLE IF EXISTS " + ANALYST);
            s.execute("DROP ROLE IF EXISTS " + WRITER);
        }
    }

    @Test
    void analystCanReadEveryReportingRelation() throws Exception {
        try (Connection c = db.connectAs(ANALYST)) {
            List<String> relations = MigrationsTest.strings(c,
                    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'reporting'");
            assertThat(relations).contains("districts", "communes", "branches", "branch_current", "branch_monthly",
                    "branch_yearly", "branch_transfers", "commune_current", "commune_monthly", "commune_yearly",
                    "district_current", "district_monthly", "district_yearly", "province_current",
                    "branches_without_regular_meeting");
            for (String relation : relations) {
                MigrationsTest.strings(c, "SELECT count(*) FROM reporting." + relation);
            }
            assertThat(MigrationsTest.strings(c, "SELECT regular_meetings FROM reporting.district_monthly"))
                    .containsExactly("7");
            assertThat(MigrationsTest.strings(c, "SELECT regular_meetings FROM reporting.commune_monthly"))
                    .containsExactly("7");
            MigrationsTest.strings(c, "SELECT count(*) FROM reporting_v1.district_current");
        }
    }

    @Test
    void analystCannotInsertUpdateDeleteOrTruncate() throws Exception {
        try (Connection c = db.connectAs(ANALYST); Statement s = c.createStatement()) {
            assertRefused(s, "INSERT INTO reporting.districts VALUES ('D99', 'Nowhere')");
            assertRefused(s, "UPDATE reporting.branch_monthly SET regular_meetings = 0");
            assertRefused(s, "DELETE FROM reporting.branch_monthly");
            assertRefused(s, "DELETE FROM reporting.branches");
            assertRefused(s, "DELETE FROM reporting_v1.district_monthly");
            assertRefused(s, "TRUNCATE reporting.districts");
            assertRefused(s, "CREATE TABLE reporting.mine (x int)");
            assertRefused(s, "SELECT * FROM pulse_sink.kafka_offsets");
        }
        try (Connection c = db.connect()) {
            assertThat(MigrationsTest.strings(c, "SELECT regular_meetings FROM reporting.district_monthly"))
                    .containsExactly("7");
        }
    }

    @Test
    void writerCanUpsertAndDeleteButNotChangeTheSchema() throws Exception {
        try (Connection c = db.connectAs(WRITER); Statement s = c.createStatement()) {
            s.execute("INSERT INTO reporting.branch_yearly (branch_id, year, graded_good) VALUES ('B01', 2024, 3) "
                    + "ON CONFLICT (branch_id, year) DO UPDATE SET graded_good = EXCLUDED.graded_good");
            s.execute("INSERT INTO reporting.branch_transfers (from_branch_id, to_branch_id, month, transfers) "
                    + "VALUES (NULL, 'B01', '2024-05-01', 1) ON CONFLICT (from_branch_id, to_branch_id, month) "
                    + "DO UPDATE SET transfers = EXCLUDED.transfers");
            s.execute("UPDATE reporting.branches SET commune_code = 'C01' WHERE branch_id = 'B01'");
            s.execute("UPDATE reporting.communes SET district_code = 'D01' WHERE commune_code = 'C01'");
            s.execute("DELETE FROM reporting.branch_transfers");
            s.execute("INSERT INTO pulse_sink.kafka_offsets (sink_name, topic, partition, next_offset) "
                    + "VALUES ('roles-test', 't', 0, 1)");
            s.execute("INSERT INTO pulse_sink.dead_letters (sink_name, source_topic, source_partition, source_offset, "
                    + "reason, message) VALUES ('roles-test', 't', 0, 0, 'UNDESERIALIZABLE', 'x')");
            s.execute("DELETE FROM reporting.branch_yearly WHERE branch_id = 'B01'");
            assertRefused(s, "INSERT INTO reporting_v1.district_current (district_code) VALUES ('D01')");
            assertRefused(s, "DROP TABLE reporting.districts");
            assertRefused(s, "ALTER TABLE reporting.districts ADD COLUMN x int");
            assertRefused(s, "CREATE TABLE reporting.extra (x int)");
        }
    }

    private static void assertRefused(Statement s, String sql) {
        assertThatThrownBy(() -> s.execute(sql)).as(sql)
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42501"));
    }
}
