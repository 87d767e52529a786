package vn.chibo.pulse.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The JSON API over figures held in memory: what each endpoint answers and how it refuses. */
class DashboardApiTest {

    private InMemoryAggregates aggregates;
    private DashboardServer server;

    @BeforeEach
    void start() {
        aggregates = Fixtures.twoDistricts();
        server = DashboardServer.start(Fixtures.config(), aggregates, Fixtures.clock());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void summaryShowsEveryDistrictWithItsFiguresOfThisMonthAndYear() throws Exception {
        JsonNode s = Http.json(server.url() + "api/summary");

        assertThat(s.path("month").asText()).isEqualTo("2025-06");
        assertThat(s.path("year").asInt()).isEqualTo(2025);
        assertThat(s.path("version").asLong()).isPositive();
        assertThat(s.path("lastChanged").asText()).isNotEmpty();
        JsonNode districts = s.path("districts");
        assertThat(districts).hasSize(2);
        // Vietnamese alphabetical order: Can Lộc before Đức Thọ
        assertThat(districts.get(0).path("name").asText()).isEqualTo("Huyện Can Lộc");
        JsonNode ducTho = districts.get(1);
        assertThat(ducTho.path("code").asText()).isEqualTo("D07");
        assertThat(ducTho.path("name").asText()).isEqualTo("Huyện Đức Thọ");
        assertThat(ducTho.at("/current/membersActive").asInt()).isEqualTo(8_120);
        assertThat(ducTho.at("/current/membersProbationary").asInt()).isEqualTo(318);
        assertThat(ducTho.at("/current/membersStreetGroup").asInt()).isEqualTo(1_200);
        assertThat(ducTho.at("/current/branches").asInt()).isEqualTo(195);
        assertThat(ducTho.at("/month/regularMeetings").asInt()).isEqualTo(140);
        assertThat(ducTho.at("/month/thematicMeetings").asInt()).isEqualTo(9);
        assertThat(ducTho.at("/month/admissions").asInt()).isEqualTo(12);
        assertThat(ducTho.at("/month/attendanceRate").asDouble()).isCloseTo(3_720.0 / 4_000, within(1e-9));
        assertThat(ducTho.at("/month/regularMeetingCoverage").asDouble()).isCloseTo(131.0 / 195, within(1e-9));
        assertThat(ducTho.at("/month/superiorAttendanceRate").asDouble()).isCloseTo(40.0 / 149, within(1e-9));
        assertThat(ducTho.at("/year/membersAtRisk").asInt()).isEqualTo(6);
    }

    @Test
    void provinceFiguresAreTheSumsOfTheDistricts() throws Exception {
        JsonNode p = Http.json(server.url() + "api/summary").path("province");

        assertThat(p.path("districts").asInt()).isEqualTo(2);
        assertThat(p.at("/current/membersActive").asInt()).isEqualTo(8_120 + 9_340);
        assertThat(p.at("/current/membersOfficial").asInt()).isEqualTo(7_802 + 8_911);
        assertThat(p.at("/current/branches").asInt()).isEqualTo(195 + 213);
        assertThat(p.at("/month/branchesWithRegularMeeting").asInt()).isEqualTo(131 + 149);
        assertThat(p.at("/month/regularMeetingCoverage").asDouble()).isCloseTo(280.0 / 408, within(1e-9));
        assertThat(p.at("/month/attendanceRate").asDouble()).isCloseTo(8_090.0 / 8_600, within(1e-9));
        assertThat(p.at("/month/transfersOut").asInt()).isEqualTo(5);
        assertThat(p.at("/year/membersAtRisk").asInt()).isEqualTo(10);
    }

    @Test
    void aMonthWithoutMeetingsHasNoRatesRatherThanZeroRates() throws Exception {
        JsonNode s = Http.json(server.url() + "api/summary?month=2025-03");

        assertThat(s.path("month").asText()).isEqualTo("2025-03");
        JsonNode canLoc = s.path("districts").get(0);
        assertThat(canLoc.at("/month/regularMeetings").asInt()).isZero();
        assertThat(canLoc.at("/month/attendanceRate").isNull()).isTrue();
        assertThat(canLoc.at("/month/superiorAttendanceRate").isNull()).isTrue();
        assertThat(canLoc.at("/month/regularMeetingCoverage").asDouble()).isZero();
    }

    @Test
    void districtsEndpointListsTheRowsOfTheSummary() throws Exception {
        JsonNode districts = Http.json(server.url() + "api/districts");
        JsonNode summary = Http.json(server.url() + "api/summary").path("districts");

        assertThat(districts).isEqualTo(summary);
    }

    @Test
    void trendHasOneEntryPerMonthEndingThisMonthWithZerosForQuietMonths() throws Exception {
        JsonNode t = Http.json(server.url() + "api/trend?months=12");

        assertThat(t.path("from").asText()).isEqualTo("2024-07");
        assertThat(t.path("to").asText()).isEqualTo("2025-06");
        JsonNode months = t.path("months");
        List<String> names = new ArrayList<>();
        months.forEach(m -> names.add(m.path("month").asText()));
        assertThat(names).hasSize(12).startsWith("2024-07").endsWith("2025-05", "2025-06");
        assertThat(months.get(11).path("admissions").asInt()).isEqualTo(27);
        assertThat(months.get(10).path("admissions").asInt()).isEqualTo(9);
        assertThat(months.get(0).path("admissions").asInt()).isZero();
        // 2024-06 is thirteen months back: outside the trend
        assertThat(names).doesNotContain("2024-06");
    }

    @Test
    void trendOfOneDistrictCountsOnlyThatDistrict() throws Exception {
        JsonNode months = Http.json(server.url() + "api/trend?months=2&district=D07").path("months");

        assertThat(months).hasSize(2);
        assertThat(months.get(1).path("admissions").asInt()).isEqualTo(12);
        assertThat(months.get(1).path("regularMeetingCoverage").asDouble()).isCloseTo(131.0 / 195, within(1e-9));
        assertThat(months.get(0).path("admissions").asInt()).isEqualTo(9);
    }

    @Test
    void rejectionsAreCountedPerReasonMostFrequentFirst() throws Exception {
        JsonNode r = Http.json(server.url() + "api/rejections");

        assertThat(r.path("total").asLong()).isEqualTo(8);
        assertThat(r.path("byReason")).hasSize(2);
        assertThat(r.at("/byReason/0/reason").asText()).isEqualTo("MEMBER_NOT_ACTIVE");
        assertThat(r.at("/byReason/0/count").asLong()).isEqualTo(5);
        assertThat(r.at("/byReason/1/reason").asText()).isEqualTo("UNKNOWN_BRANCH");
        assertThat(r.path("waiting").asLong()).isZero();
    }

    @Test
    void eventsWaitingForReferenceDataAreShownBesideTheRejections() throws Exception {
        server.close();
        aggregates.waiting(3);
        server = DashboardServer.start(Fixtures.config(), aggregates, Fixtures.clock());

        assertThat(Http.json(server.url() + "api/rejections").path("waiting").asLong()).isEqualTo(3);
        assertThat(Http.json(server.url() + "api/summary").at("/rejections/waiting").asLong()).isEqualTo(3);
    }

    @Test
    void badParametersAreRefusedWithTheReason() throws Exception {
        HttpResponse<String> month = Http.get(server.url() + "api/summary?month=June");
        HttpResponse<String> months = Http.get(server.url() + "api/trend?months=0");
        HttpResponse<String> notANumber = Http.get(server.url() + "api/trend?months=twelve");

        assertThat(month.statusCode()).isEqualTo(400);
        assertThat(month.body()).contains("YYYY-MM");
        assertThat(months.statusCode()).isEqualTo(400);
        assertThat(months.body()).contains("between 1 and");
        assertThat(notANumber.statusCode()).isEqualTo(400);
    }

    @Test
    void unknownPathsAre404AndWritesAre405() throws Exception {
        HttpResponse<String> missing = Http.get(server.url() + "api/nothing");
        HttpResponse<String> post = Http.send(HttpRequest.newBuilder(URI.create(server.url() + "api/summary"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build());

        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).contains("GET, HEAD");
    }

    @Test
    void healthIsUpWhileTheStreamsStateAnswersAndDownWhenItDoesNot() throws Exception {
        HttpResponse<String> up = Http.get(server.url() + "health");
        assertThat(up.statusCode()).isEqualTo(200);
        assertThat(Http.JSON.readTree(up.body()).path("status").asText()).isEqualTo("UP");
        assertThat(Http.JSON.readTree(up.body()).path("postgres").asText()).isEqualTo("NOT_CONFIGURED");

        aggregates.down(true);
        JsonNode down = Eventually.get(() -> {
            HttpResponse<String> r = Http.get(server.url() + "health");
            return r.statusCode() == 503 ? Http.JSON.readTree(r.body()) : null;
        });
        assertThat(down.path("streams").asText()).isEqualTo("DOWN");
        // the last figures stay available, marked as such
        JsonNode summary = Http.json(server.url() + "api/summary");
        assertThat(summary.at("/sources/streams").asText()).isEqualTo("DOWN");
        assertThat(summary.at("/province/current/membersActive").asInt()).isEqualTo(17_460);

        aggregates.down(false);
        Eventually.get(() -> Http.get(server.url() + "health").statusCode() == 200 ? true : null);
    }

    @Test
    void aSettingsPortThatIsTakenGivesAClearMessage() {
        java.util.Map<String, Object> s = Fixtures.settings();
        s.put(DashboardConfig.PORT, server.port());

        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> DashboardServer.start(new DashboardConfig(s), new InMemoryAggregates(), Fixtures.clock()))
                .isInstanceOf(DashboardStartException.class)
                .hasMessageContaining("port")
                .hasMessageContaining(String.valueOf(server.port()));
    }
}
