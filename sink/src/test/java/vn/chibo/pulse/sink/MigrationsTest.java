package vn.chibo.pulse.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The analysts' database as SPEC.md §4 fixes it, made by the migrations alone. */
class MigrationsTest {

    /** SPEC.md §4, column for column, in order. */
    private static final Map<String, List<String>> CONTRACT = new LinkedHashMap<>();

    static {
        CONTRACT.put("districts", List.of("district_code", "district_name"));
        CONTRACT.put("district_current", List.of("district_code", "members_active", "members_official",
                "members_probationary", "members_village", "members_street_group", "members_other",
                "branches_village", "branches_street_group", "branches_other", "updated_at"));
        CONTRACT.put("district_monthly", List.of("district_code", "month", "admissions", "confirmations",
                "transfers_in", "transfers_out", "deaths", "removals", "expulsions", "regular_meetings",
                "thematic_meetings", "branches_with_regular_meeting", "members_expected", "members_present",
                "meetings_with_superior", "meetings_with_self_criticism", "updated_at"));
        CONTRACT.put("district_yearly", List.of("district_code", "year", "graded_excellent", "graded_good",
                "graded_completed", "graded_not_completed", "members_at_risk", "updated_at"));
    }

    /** The derived views the README documents; anything else in reporting would be a surprise. */
    private static final List<String> DERIVED_VIEWS = List.of("district_monthly_change", "district_monthly_indicators",
            "district_yearly_indicators", "province_monthly", "province_yearly");

    private static TestDatabase db;

    @BeforeAll
    static void migrate() throws Exception {
        db = TestDatabase.create("migrations");
        assertThat(ReportingSchema.migrate(db.url(), "", "")).isEqualTo(3);
    }

    @AfterAll
    static void drop() throws Exception {
        db.close();
    }

    @Test
    void migrationsCreateExactlyTheRelationsAndColumnsOfTheContract() throws Exception {
        try (Connection c = db.connect()) {
            for (Map.Entry<String, List<String>> table : CONTRACT.entrySet()) {
                assertThat(columns(c, table.getKey())).as(table.getKey()).isEqualTo(table.getValue());
                assertThat(tableType(c, table.getKey())).as(table.getKey()).isEqualTo("BASE TABLE");
            }
            assertThat(tableType(c, "province_current")).isEqualTo("VIEW");
            assertThat(columns(c, "province_current")).containsExactlyElementsOf(
                    CONTRACT.get("district_current").subList(1, CONTRACT.get("district_current").size()));

            List<String> expected = new ArrayList<>(CONTRACT.keySet());
            expected.add("province_current");
            expected.addAll(DERIVED_VIEWS);
            assertThat(strings(c, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'reporting'"))
                    .containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    @Test
    void countsAreIntegersMonthIsADateAndUpdatedAtATimestampWithTimeZone() throws Exception {
        try (Connection c = db.connect()) {
            Map<String, String> types = new LinkedHashMap<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT table_name || '.' || column_name, data_type FROM information_schema.columns "
                            + "WHERE table_schema = 'reporting' AND table_name IN "
                            + "('district_current', 'district_monthly', 'district_yearly', 'province_current')")) {
                while (rs.next()) {
                    types.put(rs.getString(1), rs.getString(2));
                }
            }
            types.forEach((column, type) -> {
                String name = column.substring(column.indexOf('.') + 1);
                String want = switch (name) {
                    case "district_code" -> "text";
                    case "month" -> "date";
                    case "updated_at" -> "timestamp with time zone";
                    default -> "integer";
                };
                assertThat(type).as(column).isEqualTo(want);
            });
            assertThat(types).hasSize(11 + 17 + 8 + 10);
        }
    }

    @Test
    void everyTableViewAndColumnHasAComment() throws Exception {
        try (Connection c = db.connect()) {
            assertThat(strings(c, "SELECT n.nspname || '.' || cl.relname FROM pg_class cl "
                    + "JOIN pg_namespace n ON n.oid = cl.relnamespace "
                    + "WHERE n.nspname IN ('reporting', 'pulse_sink') AND cl.relkind IN ('r', 'v') "
                    + "AND cl.relname <> 'flyway_schema_history' AND obj_description(cl.oid, 'pg_class') IS NULL"))
                    .as("relations without a comment").isEmpty();
            assertThat(strings(c, "SELECT n.nspname || '.' || cl.relname || '.' || a.attname FROM pg_attribute a "
                    + "JOIN pg_class cl ON cl.oid = a.attrelid JOIN pg_namespace n ON n.oid = cl.relnamespace "
                    + "WHERE n.nspname IN ('reporting', 'pulse_sink') AND cl.relkind IN ('r', 'v') "
                    + "AND cl.relname <> 'flyway_schema_history' AND a.attnum > 0 AND NOT a.attisdropped "
                    + "AND col_description(cl.oid, a.attnum) IS NULL"))
                    .as("columns without a comment").isEmpty();
            assertThat(strings(c, "SELECT count(*) FROM pg_attribute a JOIN pg_class cl ON cl.oid = a.attrelid "
                    + "JOIN pg_namespace n ON n.oid = cl.relnamespace WHERE n.nspname = 'reporting' AND a.attnum > 0 "
                    + "AND col_description(cl.oid, a.attnum) IS NOT NULL"))
                    .singleElement().satisfies(n -> assertThat(Integer.parseInt(n)).isGreaterThan(46));
        }
    }

    @Test
    void monthlyAndYearlyFiguresAreIndexedByPeriodForTheUsualQueries() throws Exception {
        try (Connection c = db.connect()) {
            assertThat(strings(c, "SELECT indexdef FROM pg_indexes WHERE schemaname = 'reporting'"))
                    .anySatisfy(i -> assertThat(i).contains("district_monthly USING btree (month)"))
                    .anySatisfy(i -> assertThat(i).contains("district_yearly USING btree (year)"))
                    .anySatisfy(i -> assertThat(i).contains("district_monthly_pkey"));
        }
    }

    @Test
    void provinceCurrentIsAlwaysOneRowOfTheDistrictSums() throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            assertThat(strings(c, "SELECT members_active || '/' || branches_other FROM reporting.province_current"))
                    .containsExactly("0/0");
            s.execute("INSERT INTO reporting.district_current (district_code, members_active, branches_other) "
                    + "VALUES ('D01', 120, 3), ('D02', 80, 4)");
            try {
                assertThat(strings(c, "SELECT members_active || '/' || branches_other FROM reporting.province_current"))
                        .containsExactly("200/7");
            } finally {
                s.execute("DELETE FROM reporting.district_current");
            }
        }
    }

    @Test
    void migratingAgainChangesNothing() {
        assertThat(ReportingSchema.migrate(db.url(), "", "")).isZero();
    }

    @Test
    void databasesMigratedInParallelDoNotTripOverTheClusterWideRoles() throws Exception {
        List<TestDatabase> dbs = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            for (int i = 0; i < 3; i++) {
                dbs.add(TestDatabase.create("parallel"));
            }
            List<Callable<Integer>> migrations = new ArrayList<>();
            for (TestDatabase d : dbs) {
                migrations.add(() -> ReportingSchema.migrate(d.url(), "", ""));
            }
            for (Future<Integer> done : pool.invokeAll(migrations)) {
                assertThat(done.get()).isEqualTo(3);
            }
        } finally {
            pool.shutdownNow();
            for (TestDatabase d : dbs) {
                d.close();
            }
        }
    }

    private static List<String> columns(Connection c, String table) throws SQLException {
        return strings(c, "SELECT column_name FROM information_schema.columns WHERE table_schema = 'reporting' "
                + "AND table_name = '" + table + "' ORDER BY ordinal_position");
    }

    private static String tableType(Connection c, String table) throws SQLException {
        List<String> t = strings(c, "SELECT table_type FROM information_schema.tables WHERE table_schema = 'reporting' "
                + "AND table_name = '" + table + "'");
        return t.isEmpty() ? null : t.get(0);
    }

    static List<String> strings(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
