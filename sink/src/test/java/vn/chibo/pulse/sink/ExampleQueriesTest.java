package vn.chibo.pulse.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The twelve example queries of README.md, as an analyst runs them, on plausible figures. */
class ExampleQueriesTest {

    private static final Path DOC = Path.of("..", "README.md");
    private static final String ANALYST = "pulse_test_reader_" + UUID.randomUUID().toString().substring(0, 8);
    private static TestDatabase db;

    @BeforeAll
    static void fillWithSampleFigures() throws Exception {
        db = TestDatabase.create("examples");
        ReportingSchema.migrate(db.url(), "", "");
        String sample = new String(ExampleQueriesTest.class.getResourceAsStream("/sample-reporting-data.sql").readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8);
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute(sample);
            s.execute("CREATE ROLE " + ANALYST + " LOGIN IN ROLE " + ReportingSchema.ANALYST_ROLE);
        }
    }

    @AfterAll
    static void drop() throws Exception {
        db.close();
        try (Connection c = DriverManager.getConnection(TestDatabase.serverUrl()); Statement s = c.createStatement()) {
            s.execute("DROP ROLE IF EXISTS " + ANALYST);
        }
    }

    @Test
    void everyExampleQueryOfTheDocsRunsAsAnAnalystAndFindsRows() throws Exception {
        List<String> queries = exampleQueries();
        assertThat(queries).hasSize(12);
        try (Connection c = db.connectAs(ANALYST); Statement s = c.createStatement()) {
            for (String query : queries) {
                int rows = 0;
                try (ResultSet rs = s.executeQuery(query)) {
                    while (rs.next()) {
                        rows++;
                    }
                }
                assertThat(rows).as(query).isPositive();
            }
        }
    }

    @Test
    void aDistrictWithoutAnyMeetingThisMonthCountsAsZeroCoverage() throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO reporting.districts VALUES ('HT99', 'Huyện Mới')");
            s.execute("INSERT INTO reporting.communes VALUES ('HT99-C1', 'Xã Mới', 'HT99')");
            s.execute("INSERT INTO reporting.branches VALUES ('HT99-B1', 'Chi bộ thôn Một', 'HT99-C1', 'VILLAGE'), "
                    + "('HT99-B2', 'Chi bộ thôn Hai', 'HT99-C1', 'VILLAGE')");
            s.execute("INSERT INTO reporting.branch_current (branch_id, members_active) VALUES ('HT99-B1', 60), ('HT99-B2', 40)");
            try {
                String belowNinety = exampleQueries().get(0);
                List<String> districts = new ArrayList<>();
                try (ResultSet rs = s.executeQuery(belowNinety)) {
                    while (rs.next()) {
                        districts.add(rs.getString("district") + " " + rs.getString("coverage_pct"));
                    }
                }
                assertThat(districts).first().isEqualTo("Huyện Mới 0.0");
            } finally {
                s.execute("DELETE FROM reporting.branch_current WHERE branch_id LIKE 'HT99-%'");
                s.execute("DELETE FROM reporting.branches WHERE commune_code = 'HT99-C1'");
                s.execute("DELETE FROM reporting.communes WHERE commune_code = 'HT99-C1'");
                s.execute("DELETE FROM reporting.districts WHERE district_code = 'HT99'");
            }
        }
    }

    private static List<String> exampleQueries() throws Exception {
        String doc = Files.readString(DOC);
        String section = doc.substring(doc.indexOf("## Example queries"), doc.indexOf("\n## ", doc.indexOf("## Example queries") + 1));
        List<String> queries = new ArrayList<>();
        Matcher m = Pattern.compile("```sql\\n(.*?)```", Pattern.DOTALL).matcher(section);
        while (m.find()) {
            queries.add(m.group(1).trim().replaceAll(";$", ""));
        }
        return queries;
    }
}
