package vn.chibo.pulse.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The analysts' database as SPEC.md §4 fixes it, made by the migrations alone. */
class MigrationsTest {

    /** SPEC.md §4 (v2): every relation of the contract with the columns it must have at least, key first. */
    private static final Map<String, List<String>> CONTRACT = new LinkedHashMap<>();

    private static final List<String> CURRENT = List.of("members_active", "members_official",
            "members_probationary", "members_village", "members_street_group", "members_other",
            "branches_village", "branches_street_group", "branches_other", "members_exempted", "updated_at");
    private static final List<String> MONTHLY = List.of("month", "admissions", "confirmations",
            "transfers_in", "transfers_out", "deaths", "removals", "expulsions", "regular_meetings",
            "thematic_meetings", "branches_with_regular_meeting", "members_expected", "members_present",
            "meetings_with_superior", "meetings_with_self_criticism", "meetings_scored", "quality_score_sum",
            "meetings_good", "meetings_fair", "meetings_average", "meetings_poor", "updated_at");
    private static final List<String> YEARLY = List.of("year", "graded_excellent", "graded_good",
            "graded_completed", "graded_not_completed", "members_at_risk", "updated_at");

    static {
        CONTRACT.put("districts", List.of("district_code", "district_name"));
        CONTRACT.put("communes", List.of("commune_code", "commune_name", "district_code"));
        CONTRACT.put("branches", List.of("branch_id", "branch_name", "commune_code", "kind"));
        for (String level : List.of("district", "commune")) {
            CONTRACT.put(level + "_current", keyed(level + "_code", CURRENT));
            CONTRACT.put(level + "_monthly", keyed(level + "_code", MONTHLY));
            CONTRACT.put(level + "_yearly", keyed(level + "_code", YEARLY));
        }
        CONTRACT.put("province_current", CURRENT);
        CONTRACT.put("branch_current", List.of("branch_id", "members_active", "members_official",
                "members_probationary", "members_exempted", "updated_at"));
        CONTRACT.put("branch_monthly", keyed("branch_id",
                MONTHLY.stream().filter(c -> !c.equals("branches_with_regular_meeting")).toList()));
        CONTRACT.put("branch_yearly", keyed("branch_id", YEARLY));
        CONTRACT.put("branches_without_regular_meeting",
                List.of("month", "branch_id", "branch_name", "commune_code", "district_code"));
    }

    /** The tables the sink writes; every other relation of reporting is a view. */
    private static final List<String> TABLES = List.of("districts", "communes", "branches", "branch_current",
            "branch_monthly", "branch_yearly", "branch_transfers");

    /** The derived views the README documents. */
    private static final List<String> DERIVED_VIEWS = List.of("district_monthly_change", "district_monthly_indicators",
            "district_yearly_indicators", "province_monthly", "province_yearly");

    private static List<String> keyed(String key, List<String> columns) {
        List<String> all = new ArrayList<>(List.of(key));
        all.addAll(columns);
        return all;
    }

    private static TestDatabase db;
    private static int migrationCount;

    @BeforeAll
    static void migrate() throws Exception {
        db = TestDatabase.create("migrations");
        migrationCount = ReportingSchema.migrate(db.url(), "", "");
        assertThat(migrationCount).isGreaterThanOrEqualTo(5);
    }

    @AfterAll
    static void drop() throws Exception {
        db.close();
    }

    @Test
    void migrationsCreateEveryRelationAndColumnOfTheContract() throws Exception {
        try (Connection c = db.connect()) {
            for (Map.Entry<String, List<String>> relation : CONTRACT.entrySet()) {
                List<String> columns = columns(c, relation.getKey());
                assertThat(columns).as(relation.getKey()).containsAll(relation.getValue());
                assertThat(columns.get(0)).as(relation.getKey()).isEqualTo(relation.getValue().get(0));
                assertThat(tableType(c, relation.getKey())).as(relation.getKey())
                        .isEqualTo(TABLES.contains(relation.getKey()) ? "BASE TABLE" : "VIEW");
            }
            for (String table : TABLES) {
                assertThat(tableType(c, table)).as(table).isEqualTo("BASE TABLE");
            }
            assertThat(strings(c, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'reporting'"))
                    .containsAll(CONTRACT.keySet()).containsAll(DERIVED_VIEWS).containsAll(TABLES);
            assertThat(strings(c, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'reporting' "
                    + "AND table_type = 'BASE TABLE'")).containsExactlyInAnyOrderElementsOf(TABLES);
        }
    }

    @Test
    void countsAreIntegersMonthIsADateAndUpdatedAtATimestampWithTimeZone() throws Exception {
        try (Connection c = db.connect()) {
            int checked = 0;
            for (Map.Entry<String, List<String>> relation : CONTRACT.entrySet()) {
                Map<String, String> types = new LinkedHashMap<>();
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                        "SELECT column_name, data_type FROM information_schema.columns "
                                + "WHERE table_schema = 'reporting' AND table_name = '" + relation.getKey() + "'")) {
                    while (rs.next()) {
                        types.put(rs.getString(1), rs.getString(2));
                    }
                }
                for (String column : relation.getValue()) {
                    String want = switch (column) {
                        case "month" -> "date";
                        case "updated_at" -> "timestamp with time zone";
                        case "year" -> "integer";
                        default -> column.endsWith("_code") || column.endsWith("_id") || column.endsWith("_name")
                                || column.equals("kind") ? "text" : "integer";
                    };
                    assertThat(types.get(column)).as(relation.getKey() + "." + column).isEqualTo(want);
                    checked++;
                }
            }
            assertThat(checked).isGreaterThan(140);
        }
    }

    @Test
    void everyTableViewAndColumnHasAComment() throws Exception {
        try (Connection c = db.connect()) {
            assertThat(strings(c, "SELECT n.nspname || '.' || cl.relname FROM pg_class cl "
                    + "JOIN pg_namespace n ON n.oid = cl.relnamespace "
                    + "WHERE n.nspname IN ('reporting', 'reporting_v1', 'pulse_sink') AND cl.relkind IN ('r', 'v') "
                    + "AND cl.relname <> 'flyway_schema_history' AND obj_description(cl.oid, 'pg_class') IS NULL"))
                    .as("relations without a comment").isEmpty();
            assertThat(strings(c, "SELECT n.nspname || '.' || cl.relname || '.' || a.attname FROM pg_attribute a "
                    + "JOIN pg_class cl ON cl.oid = a.attrelid JOIN pg_namespace n ON n.oid = cl.relnamespace "
                    + "WHERE n.nspname IN ('reporting', 'reporting_v1', 'pulse_sink') AND cl.relkind IN ('r', 'v') "
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
                    .anySatisfy(i -> assertThat(i).contains("branch_monthly USING btree (month)"))
                    .anySatisfy(i -> assertThat(i).contains("branch_yearly USING btree (year)"))
                    .anySatisfy(i -> assertThat(i).contains("branch_monthly_pkey"))
                    .anySatisfy(i -> assertThat(i).contains("branches USING btree (commune_code)"))
                    .anySatisfy(i -> assertThat(i).contains("communes USING btree (district_code)"));
        }
    }

    @Test
    void provinceCurrentIsAlwaysOneRowOfTheCommuneSums() throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            assertThat(strings(c, "SELECT members_active || '/' || branches_other FROM reporting.province_current"))
                    .containsExactly("0/0");
            s.execute("INSERT INTO reporting.communes VALUES ('C01', 'Xã Một', 'D01'), ('C02', 'Phường Hai', NULL)");
            s.execute("INSERT INTO reporting.branches VALUES ('B01', 'Một', 'C01', 'OTHER'), ('B02', 'Hai', 'C02', 'OTHER'), "
                    + "('B03', 'Ba', 'C02', 'VILLAGE')");
            s.execute("INSERT INTO reporting.branch_current (branch_id, members_active) VALUES ('B01', 120), ('B02', 80)");
            try {
                assertThat(strings(c, "SELECT members_active || '/' || branches_other FROM reporting.province_current"))
                        .containsExactly("200/2");
            } finally {
                s.execute("DELETE FROM reporting.branch_current");
                s.execute("DELETE FROM reporting.branches");
                s.execute("DELETE FROM reporting.communes");
            }
        }
    }

    @Test
    void v1DatabaseUpgradesInPlaceKeepingItsDistrictTablesInReportingV1() throws Exception {
        // the v1 sink shipped V1 to V3 and no repeatable migration (Flyway would apply today's R__ whatever the target)
        Path v1Migrations = Files.createTempDirectory("v1-migrations");
        for (String script : List.of("V1__reporting_tables.sql", "V2__derived_views.sql", "V3__roles_and_grants.sql")) {
            try (InputStream in = ReportingSchema.class.getResourceAsStream("/db/migration/" + script)) {
                Files.copy(in, v1Migrations.resolve(script));
            }
        }
        try (TestDatabase v1 = TestDatabase.create("upgrade")) {
            Flyway.configure(ReportingSchema.class.getClassLoader()).dataSource(v1.url(), null, null)
                    .locations("filesystem:" + v1Migrations).schemas("pulse_sink").defaultSchema("pulse_sink")
                    .createSchemas(true).placeholderReplacement(false).target(MigrationVersion.fromVersion("3"))
                    .load().migrate();
            try (Connection c = v1.connect(); Statement s = c.createStatement()) {
                assertThat(tableType(c, "district_current")).isEqualTo("BASE TABLE");
                s.execute("INSERT INTO reporting.districts VALUES ('D01', 'Huyện Đức Thọ')");
                s.execute("INSERT INTO reporting.district_current (district_code, members_active, branches_village) "
                        + "VALUES ('D01', 4321, 17)");
                s.execute("INSERT INTO reporting.district_monthly (district_code, month, admissions) "
                        + "VALUES ('D01', '2024-05-01', 9)");
            }
            assertThat(ReportingSchema.migrate(v1.url(), "", "")).isGreaterThanOrEqualTo(2);
            try (Connection c = v1.connect()) {
                assertThat(strings(c, "SELECT district_code || ' ' || members_active || ' ' || branches_village "
                        + "FROM reporting_v1.district_current")).containsExactly("D01 4321 17");
                assertThat(strings(c, "SELECT admissions FROM reporting_v1.district_monthly")).containsExactly("9");
                assertThat(strings(c, "SELECT district_name FROM reporting.districts")).containsExactly("Huyện Đức Thọ");
                assertThat(tableType(c, "district_current")).isEqualTo("VIEW");
                // the live figures are the branch figures' sums: none yet
                assertThat(strings(c, "SELECT count(*) FROM reporting.district_current")).containsExactly("0");
                assertThat(strings(c, "SELECT members_active FROM reporting.province_current")).containsExactly("0");
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
                assertThat(done.get()).isEqualTo(migrationCount);
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
