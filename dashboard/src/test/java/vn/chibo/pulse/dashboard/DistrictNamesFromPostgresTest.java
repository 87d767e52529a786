package vn.chibo.pulse.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import vn.chibo.pulse.sink.TestDatabase;

/** With the analysts' PostgreSQL configured, names missing from the streams state come from reporting.districts. */
class DistrictNamesFromPostgresTest {

    private static TestDatabase database;

    @BeforeAll
    static void createDatabase() throws Exception {
        database = TestDatabase.create("dashboard");
        database.execute(
                "create schema reporting",
                "create table reporting.districts (district_code text primary key, district_name text not null)",
                "insert into reporting.districts values ('D07', 'Huyện Đức Thọ (PostgreSQL)'), ('D09', 'Huyện Kỳ Anh')");
    }

    @AfterAll
    static void dropDatabase() throws Exception {
        database.close();
    }

    private static DashboardConfig withDatabase(String url) {
        Map<String, Object> s = Fixtures.settings();
        s.put(DashboardConfig.PG_URL, url);
        return new DashboardConfig(s);
    }

    @Test
    void aDistrictTheStreamsStateCannotNameIsNamedByPostgres() throws Exception {
        InMemoryAggregates aggregates = new InMemoryAggregates();
        aggregates.district("D07", "Huyện Đức Thọ");
        aggregates.current(new DistrictTotals("D07", 10, 9, 1, 10, 0, 0, 1, 0, 0));
        aggregates.current(new DistrictTotals("D09", 20, 20, 0, 0, 20, 0, 0, 1, 0));

        try (DashboardServer server = DashboardServer.start(withDatabase(database.url()), aggregates, Fixtures.clock())) {
            JsonNode s = Http.json(server.url() + "api/summary");

            assertThat(s.at("/sources/postgres").asText()).isEqualTo("UP");
            // the streams state wins where it has a name
            assertThat(s.path("districts").findValuesAsText("name"))
                    .containsExactly("Huyện Đức Thọ", "Huyện Kỳ Anh");
            assertThat(Http.json(server.url() + "health").path("postgres").asText()).isEqualTo("UP");
        }
    }

    @Test
    void aDatabaseThatDoesNotAnswerLeavesTheFiguresUpAndSaysSo() throws Exception {
        InMemoryAggregates aggregates = Fixtures.twoDistricts();
        String nowhere = "jdbc:postgresql://127.0.0.1:1/nowhere?user=postgres&connectTimeout=1";

        try (DashboardServer server = DashboardServer.start(withDatabase(nowhere), aggregates, Fixtures.clock())) {
            JsonNode s = Http.json(server.url() + "api/summary");

            assertThat(s.at("/sources/postgres").asText()).isEqualTo("DOWN");
            assertThat(s.at("/sources/streams").asText()).isEqualTo("UP");
            assertThat(s.at("/province/current/membersActive").asInt()).isEqualTo(17_460);
            assertThat(Http.get(server.url() + "health").statusCode()).isEqualTo(200);
        }
    }
}
