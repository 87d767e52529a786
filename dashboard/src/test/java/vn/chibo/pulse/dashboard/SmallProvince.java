package vn.chibo.pulse.dashboard;

import java.sql.SQLException;
import java.util.Map;

import vn.chibo.pulse.sink.ReportingSchema;
import vn.chibo.pulse.sink.TestDatabase;

/**
 * A small province in a PostgreSQL database of its own, migrated by the sink's own migrations and
 * written as the sink writes it: the tree and the branch figures, from which the reporting views
 * add up communes, districts and the province. Two districts hold three communes and four
 * branches; a third district and a commune hold no branch (so they must not appear). Some codes are
 * names of JavaScript object properties ("__proto__", "constructor", "toString"), which the page must
 * treat as any other code.
 */
final class SmallProvince implements AutoCloseable {

    /** A read-only role, as analysts have: the dashboard needs no more. */
    static final String READER = "pulse_dashboard_reader";

    private final TestDatabase database;
    private final TestDatabase.Login reader;

    private SmallProvince(TestDatabase database, TestDatabase.Login reader) {
        this.database = database;
        this.reader = reader;
    }

    static SmallProvince create() throws SQLException {
        TestDatabase database = TestDatabase.create("dashboard");
        ReportingSchema.migrate(database.url(), null, null);
        database.execute(
                "do $$ begin if not exists (select from pg_roles where rolname = '" + READER + "') then "
                        + "create role " + READER + " login in role " + ReportingSchema.ANALYST_ROLE + "; end if; end $$",
                "insert into reporting.districts values ('D07', 'Huyện Đức Thọ'), ('__proto__', 'Huyện Can Lộc'), "
                        + "('D09', 'Huyện Kỳ Anh')",
                "insert into reporting.communes (commune_code, commune_name, district_code) values "
                        + "('C001', 'Xã Tùng Ảnh', 'D07'), ('C002', 'Thị trấn Đức Thọ', 'D07'), "
                        + "('constructor', 'Xã Kim Song Trường', '__proto__'), ('C090', 'Xã Kỳ Bắc', 'D09')",
                "insert into reporting.branches (branch_id, branch_name, commune_code, kind) values "
                        + "('B001', 'Chi bộ thôn Yên Hòa', 'C001', 'VILLAGE'), "
                        + "('B002', 'Chi bộ thôn Trung Hòa', 'C001', 'VILLAGE'), "
                        + "('B003', 'Chi bộ tổ dân phố 1', 'C002', 'STREET_GROUP'), "
                        + "('toString', 'Chi bộ Trường THCS <Kim Song>', 'constructor', 'OTHER')",
                "insert into reporting.branch_current (branch_id, members_active, members_official, "
                        + "members_probationary, members_exempted) values "
                        + "('B001', 30, 28, 2, 1), ('B002', 20, 20, 0, 0), ('B003', 15, 14, 1, 0), ('toString', 12, 12, 0, 0)",
                "insert into reporting.branch_monthly (branch_id, month, admissions, regular_meetings, "
                        + "thematic_meetings, members_expected, members_present, meetings_with_superior, "
                        + "meetings_with_self_criticism, meetings_scored, quality_score_sum, meetings_good, "
                        + "meetings_fair, meetings_average, meetings_poor) values "
                        + "('B001', '2025-06-01', 1, 1, 1, 58, 54, 1, 2, 2, 170, 1, 1, 0, 0), "
                        + "('B003', '2025-06-01', 0, 1, 0, 15, 15, 0, 1, 1, 45, 0, 0, 0, 1), "
                        + "('toString', '2025-06-01', 2, 1, 0, 12, 11, 1, 0, 0, 0, 0, 0, 0, 0), "
                        + "('B002', '2025-05-01', 0, 1, 0, 20, 18, 0, 1, 0, 0, 0, 0, 0, 0)",
                // one transfer between two districts, one from outside the province
                "insert into reporting.branch_transfers (from_branch_id, to_branch_id, month, transfers) values "
                        + "('B001', 'toString', '2025-06-01', 1), (null, 'B003', '2025-06-01', 1)",
                "insert into reporting.branch_yearly (branch_id, year, graded_good, members_at_risk) values "
                        + "('B001', 2025, 20, 2), ('toString', 2025, 10, 1)");
        return new SmallProvince(database, database.loginAs(READER));
    }

    /** The dashboard's settings, logged in as the read-only role. */
    Map<String, Object> settings() {
        Map<String, Object> s = Fixtures.settings();
        reader.putInto(s, DashboardConfig.PG_URL, DashboardConfig.PG_USER, DashboardConfig.PG_PASSWORD);
        return s;
    }

    DashboardConfig config() {
        return new DashboardConfig(settings());
    }

    /** Runs statements as the sink would (as the database's owner). */
    void execute(String... statements) throws SQLException {
        database.execute(statements);
    }

    TestDatabase database() {
        return database;
    }

    @Override
    public void close() throws SQLException {
        database.close();
    }
}
