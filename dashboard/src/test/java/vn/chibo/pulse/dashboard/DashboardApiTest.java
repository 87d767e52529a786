package vn.chibo.pulse.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The JSON API of each level over a small province in PostgreSQL: what each endpoint answers and how it refuses. */
class DashboardApiTest extends BoardOnTheSmallProvince {

    private InMemoryStreams streams;
    private DashboardServer server;

    @BeforeEach
    void start() {
        streams = Fixtures.streams();
        server = board(streams);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private JsonNode get(String pathAndQuery) throws Exception {
        return Http.json(server.url() + pathAndQuery);
    }

    private static List<String> codes(JsonNode rows) {
        List<String> out = new ArrayList<>();
        rows.forEach(r -> out.add(r.path("code").asText()));
        return out;
    }

    @Test
    void theProvinceListsItsDistrictsThatHoldBranchesWithTheirFiguresOfThisMonth() throws Exception {
        JsonNode p = get("api/province");

        assertThat(p.path("month").asText()).isEqualTo("2025-06");
        assertThat(p.path("provinceHasDistricts").asBoolean()).isTrue();
        // Vietnamese order: Can Lộc before Đức Thọ; Kỳ Anh holds no branch and does not appear
        assertThat(codes(p.path("children"))).containsExactly("__proto__", "D07");
        JsonNode ducTho = p.path("children").get(1);
        assertThat(ducTho.path("level").asText()).isEqualTo("district");
        assertThat(ducTho.path("name").asText()).isEqualTo("Huyện Đức Thọ");
        assertThat(ducTho.at("/current/membersActive").asInt()).isEqualTo(65);
        assertThat(ducTho.at("/current/branches").asInt()).isEqualTo(3);
        assertThat(ducTho.at("/month/regularMeetings").asInt()).isEqualTo(2);
        assertThat(ducTho.at("/month/regularMeetingCoverage").asDouble()).isCloseTo(2.0 / 3, within(1e-9));
        assertThat(ducTho.at("/month/attendanceRate").asDouble()).isCloseTo(69.0 / 73, within(1e-9));
        assertThat(ducTho.at("/year/membersAtRisk").asInt()).isEqualTo(2);
        assertThat(ducTho.at("/month/transfersIn").asInt()).isEqualTo(1);
        assertThat(ducTho.at("/month/transfersOut").asInt()).isEqualTo(1);
    }

    @Test
    void theProvinceFiguresAreTheSumsOfItsBranches() throws Exception {
        JsonNode unit = get("api/province").path("unit");

        assertThat(unit.path("level").asText()).isEqualTo("province");
        assertThat(unit.at("/current/membersActive").asInt()).isEqualTo(77);
        assertThat(unit.at("/current/membersOfficial").asInt()).isEqualTo(74);
        assertThat(unit.at("/current/membersExempted").asInt()).isEqualTo(1);
        assertThat(unit.at("/current/branches").asInt()).isEqualTo(4);
        assertThat(unit.at("/month/admissions").asInt()).isEqualTo(3);
        // a transfer counts for the province only across its boundary (reporting.province_monthly)
        assertThat(unit.at("/month/transfersIn").asInt()).isEqualTo(1);
        assertThat(unit.at("/month/transfersOut").asInt()).isZero();
        assertThat(unit.at("/month/branchesWithRegularMeeting").asInt()).isEqualTo(3);
        assertThat(unit.at("/month/meetingsScored").asInt()).isEqualTo(3);
        assertThat(unit.at("/month/qualityAverage").asDouble()).isCloseTo(215.0 / 3, within(1e-9));
        assertThat(unit.at("/month/meetingsPoor").asInt()).isEqualTo(1);
        assertThat(unit.at("/year/membersAtRisk").asInt()).isEqualTo(3);
        assertThat(unit.at("/year/gradedGood").asInt()).isEqualTo(30);
    }

    @Test
    void aDistrictListsItsCommunesAndACommuneItsBranchesWithTheirMeetings() throws Exception {
        JsonNode district = get("api/district?code=D07");
        JsonNode commune = get("api/commune?code=C001");

        assertThat(district.at("/unit/name").asText()).isEqualTo("Huyện Đức Thọ");
        assertThat(codes(district.path("children"))).containsExactly("C002", "C001");
        assertThat(commune.path("children").findValuesAsText("level")).containsOnly("branch");
        assertThat(codes(commune.path("children"))).containsExactly("B002", "B001");
        JsonNode yenHoa = commune.path("children").get(1);
        assertThat(yenHoa.path("kind").asText()).isEqualTo("VILLAGE");
        assertThat(yenHoa.at("/month/regularMeetings").asInt()).isEqualTo(1);
        assertThat(yenHoa.at("/month/thematicMeetings").asInt()).isEqualTo(1);
        assertThat(yenHoa.at("/month/membersPresent").asInt()).isEqualTo(54);
        assertThat(yenHoa.at("/month/membersExpected").asInt()).isEqualTo(58);
        assertThat(yenHoa.at("/month/meetingsWithSuperior").asInt()).isEqualTo(1);
        assertThat(yenHoa.at("/month/meetingsWithSelfCriticism").asInt()).isEqualTo(2);
        assertThat(yenHoa.at("/month/qualityAverage").asDouble()).isEqualTo(85.0);
        assertThat(yenHoa.at("/month/meetingsGood").asInt()).isEqualTo(1);
        assertThat(yenHoa.at("/month/meetingsFair").asInt()).isEqualTo(1);
        JsonNode trungHoa = commune.path("children").get(0);
        assertThat(trungHoa.at("/month/regularMeetings").asInt()).isZero();
        assertThat(trungHoa.at("/month/qualityAverage").isNull()).isTrue();
    }

    @Test
    void aBranchHasItsPathUpToTheProvinceWhateverItsCodes() throws Exception {
        JsonNode branch = get("api/branch?code=toString");

        assertThat(branch.path("path").findValuesAsText("code")).containsExactly("", "__proto__", "constructor", "toString");
        assertThat(branch.path("path").findValuesAsText("level"))
                .containsExactly("province", "district", "commune", "branch");
        assertThat(branch.at("/unit/name").asText()).isEqualTo("Chi bộ Trường THCS <Kim Song>");
        assertThat(branch.at("/unit/month/admissions").asInt()).isEqualTo(2);
        assertThat(branch.path("children")).isEmpty();
    }

    @Test
    void aMonthWithoutMeetingsHasNoRatesRatherThanZeroRates() throws Exception {
        JsonNode unit = get("api/province?month=2025-03").path("unit");

        assertThat(unit.at("/month/month").asText()).isEqualTo("2025-03");
        assertThat(unit.at("/month/regularMeetings").asInt()).isZero();
        assertThat(unit.at("/month/attendanceRate").isNull()).isTrue();
        assertThat(unit.at("/month/superiorAttendanceRate").isNull()).isTrue();
        assertThat(unit.at("/month/regularMeetingCoverage").asDouble()).isZero();
    }

    @Test
    void theTrendHasOneEntryPerMonthEndingWithTheMonthShownWithZerosForQuietMonths() throws Exception {
        JsonNode trend = get("api/commune?code=C001&month=2025-06&months=12").path("trend");

        List<String> months = trend.findValuesAsText("month");
        assertThat(months).hasSize(12).startsWith("2024-07").endsWith("2025-05", "2025-06");
        assertThat(trend.get(10).path("regularMeetings").asInt()).isEqualTo(1);
        assertThat(trend.get(10).path("regularMeetingCoverage").asDouble()).isEqualTo(0.5);
        assertThat(trend.get(0).path("regularMeetings").asInt()).isZero();
    }

    @Test
    void unitsThatHoldNoBranchAreNotFound() throws Exception {
        assertThat(Http.get(server.url() + "api/district?code=D09").statusCode()).isEqualTo(404);
        assertThat(Http.get(server.url() + "api/commune?code=C090").statusCode()).isEqualTo(404);
        assertThat(Http.get(server.url() + "api/branch?code=nowhere").statusCode()).isEqualTo(404);
    }

    @Test
    void aProvinceWithoutDistrictsListsItsCommunes() throws Exception {
        province.execute("update reporting.communes set district_code = null");
        try {
            JsonNode p = get("api/province");

            assertThat(p.path("provinceHasDistricts").asBoolean()).isFalse();
            assertThat(p.path("children").findValuesAsText("level")).containsOnly("commune");
            assertThat(codes(p.path("children"))).containsExactlyInAnyOrder("C001", "C002", "constructor");
            assertThat(get("api/branch?code=B001").path("path").findValuesAsText("level"))
                    .containsExactly("province", "commune", "branch");
            assertThat(get("api/province").at("/unit/current/membersActive").asInt()).isEqualTo(77);
        } finally {
            province.execute("update reporting.communes set district_code = 'D07' where commune_code in ('C001', 'C002')",
                    "update reporting.communes set district_code = '__proto__' where commune_code = 'constructor'",
                    "update reporting.communes set district_code = 'D09' where commune_code = 'C090'");
        }
    }

    @Test
    void rejectionsAreCountedPerReasonMostFrequentFirst() throws Exception {
        JsonNode r = get("api/rejections");

        assertThat(r.path("total").asLong()).isEqualTo(8);
        assertThat(r.path("byReason")).hasSize(2);
        assertThat(r.at("/byReason/0/reason").asText()).isEqualTo("MEMBER_NOT_ACTIVE");
        assertThat(r.at("/byReason/0/count").asLong()).isEqualTo(5);
        assertThat(r.at("/byReason/1/reason").asText()).isEqualTo("UNKNOWN_BRANCH");
        assertThat(r.path("waiting").asLong()).isZero();
    }

    @Test
    void eventsWaitingForReferenceDataAreShownBesideTheRejections() throws Exception {
        streams.waiting(3);

        Eventually.get(() -> get("api/rejections").path("waiting").asLong() == 3 ? true : null);
        assertThat(get("api/summary").at("/rejections/waiting").asLong()).isEqualTo(3);
    }

    @Test
    void badParametersAreRefusedWithTheReason() throws Exception {
        HttpResponse<String> month = Http.get(server.url() + "api/province?month=June");
        HttpResponse<String> months = Http.get(server.url() + "api/province?months=0");
        HttpResponse<String> noCode = Http.get(server.url() + "api/commune");

        assertThat(month.statusCode()).isEqualTo(400);
        assertThat(month.body()).contains("YYYY-MM");
        assertThat(months.statusCode()).isEqualTo(400);
        assertThat(months.body()).contains("between 1 and");
        assertThat(noCode.statusCode()).isEqualTo(400);
        assertThat(noCode.body()).contains("code is required");
    }

    @Test
    void unknownPathsAre404AndWritesAre405() throws Exception {
        HttpResponse<String> missing = Http.get(server.url() + "api/nothing");
        HttpResponse<String> post = Http.send(HttpRequest.newBuilder(URI.create(server.url() + "api/province"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build());

        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).contains("GET, HEAD");
    }

    @Test
    void healthIsUpWhileBothSourcesAnswerAndSaysWhichDoesNot() throws Exception {
        HttpResponse<String> up = Http.get(server.url() + "health");
        assertThat(up.statusCode()).isEqualTo(200);
        assertThat(Http.JSON.readTree(up.body()).path("postgres").asText()).isEqualTo("UP");

        streams.down(true);
        JsonNode down = Eventually.get(() -> {
            HttpResponse<String> r = Http.get(server.url() + "health");
            return r.statusCode() == 503 ? Http.JSON.readTree(r.body()) : null;
        });
        assertThat(down.path("streams").asText()).isEqualTo("DOWN");
        assertThat(down.path("postgres").asText()).isEqualTo("UP");
        // the figures do not need the streams app
        assertThat(get("api/province").at("/unit/current/membersActive").asInt()).isEqualTo(77);

        streams.down(false);
        Eventually.get(() -> Http.get(server.url() + "health").statusCode() == 200 ? true : null);
    }

    @Test
    void aDatabaseThatDoesNotAnswerIsSaidAndTheLevelsAnswer503() throws Exception {
        Map<String, Object> s = Fixtures.settings();
        s.put(DashboardConfig.PG_URL, "jdbc:postgresql://127.0.0.1:1/nowhere?user=postgres&connectTimeout=1");

        try (DashboardServer nowhere = DashboardServer.start(new DashboardConfig(s), Fixtures.streams(), Fixtures.clock())) {
            assertThat(Http.json(nowhere.url() + "api/summary").at("/sources/postgres").asText()).isEqualTo("DOWN");
            assertThat(Http.get(nowhere.url() + "health").statusCode()).isEqualTo(503);
            assertThat(Http.get(nowhere.url() + "api/province").statusCode()).isEqualTo(503);
        }
    }

    @Test
    void theDashboardDoesNotStartWithoutPostgres() {
        assertThatThrownBy(() -> DashboardServer.start(new DashboardConfig(Fixtures.settings()), Fixtures.streams(),
                Fixtures.clock()))
                .isInstanceOf(DashboardStartException.class).hasMessageContaining(DashboardConfig.PG_URL);
    }

    @Test
    void aSettingsPortThatIsTakenGivesAClearMessage() {
        Map<String, Object> s = province.settings();
        s.put(DashboardConfig.PORT, server.port());

        assertThatThrownBy(() -> DashboardServer.start(new DashboardConfig(s), new InMemoryStreams(), Fixtures.clock()))
                .isInstanceOf(DashboardStartException.class)
                .hasMessageContaining("port")
                .hasMessageContaining(String.valueOf(server.port()));
    }

    /** GET /metrics as Prometheus scrapes it, over a real socket, while a real event-stream client comes and goes. */
    @Test
    void metricsCountTheEventStreamClientsTheSnapshotsSentAndTheFailedReadsOfEachSource() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0)) {
            closedPort = probe.getLocalPort();
        }
        Map<String, Object> settings = province.settings();
        // a heartbeat this often finds a client that has gone within a second
        settings.put(DashboardConfig.HEARTBEAT_MS, 100L);
        // the real client of the streams app, against a port nobody listens on
        settings.put(DashboardConfig.STREAMS_URL, "http://127.0.0.1:" + closedPort);
        settings.put(DashboardConfig.FULL_REFRESH_MS, 100L);
        try (DashboardServer board = DashboardServer.start(new DashboardConfig(settings))) {
            String before = scrape(board);
            assertThat(before).contains("# TYPE pulse_dashboard_stream_clients gauge",
                    "# TYPE pulse_dashboard_stream_clients_dropped_total counter", "jvm_memory_used_bytes");
            assertThat(sample(before, "pulse_dashboard_stream_clients")).isZero();
            // the first snapshot, read at start, went to the stream
            assertThat(sample(before, "pulse_dashboard_snapshots_sent_total")).isGreaterThanOrEqualTo(1);

            try (Socket client = openStream(board.port())) {
                Eventually.get(() -> sample(scrape(board), "pulse_dashboard_stream_clients") == 1 ? true : null);
            }
            Eventually.get(() -> sample(scrape(board), "pulse_dashboard_stream_clients") == 0 ? true : null);

            String failing = Eventually.get(() -> {
                String metrics = scrape(board);
                return sample(metrics, "pulse_dashboard_source_failures_total{source=\"streams\"}") >= 2 ? metrics : null;
            });
            assertThat(sample(failing, "pulse_dashboard_source_failures_total{source=\"postgres\"}")).isZero();
        }
    }

    private static String scrape(DashboardServer board) throws Exception {
        HttpResponse<String> answer = Http.send(HttpRequest.newBuilder(URI.create(board.url() + "metrics"))
                .timeout(Duration.ofSeconds(10)).build());
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        return answer.body();
    }

    private static double sample(String metrics, String name) {
        return metrics.lines().filter(l -> l.startsWith(name + " ")).mapToDouble(l -> Double.parseDouble(l.substring(name.length() + 1)))
                .findFirst().orElseThrow(() -> new AssertionError("no sample " + name + " in:\n" + metrics));
    }

    /** An event-stream client on a plain socket, once its answer's head has come. */
    private static Socket openStream(int port) throws Exception {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        socket.getOutputStream().write("GET /api/stream HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.UTF_8));
        StringBuilder head = new StringBuilder();
        InputStream in = socket.getInputStream();
        for (int b; head.indexOf("\r\n\r\n") < 0 && (b = in.read()) >= 0; ) {
            head.append((char) b);
        }
        assertThat(head.toString()).startsWith("HTTP/1.1 200").contains("text/event-stream");
        return socket;
    }
}
