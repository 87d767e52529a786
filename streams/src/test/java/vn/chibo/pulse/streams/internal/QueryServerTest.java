package vn.chibo.pulse.streams.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import vn.chibo.pulse.events.Grade;
import vn.chibo.pulse.events.MeetingKind;
import vn.chibo.pulse.events.MemberStatus;

/** The HTTP interactive queries, over the stores of a TopologyTestDriver. */
class QueryServerTest {
    /** 20:00 UTC on 30 June is already 1 July in Vietnam. */
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-06-30T20:00:00Z"), ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();

    private PulseDriver d;
    private QueryServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        d = new PulseDriver();
        LocalAggregates local = new LocalAggregates(new LocalAggregates.StoreAccess() {
            @Override
            public <V> ReadOnlyKeyValueStore<String, V> store(String name) {
                return d.store(name);
            }
        });
        server = new QueryServer("127.0.0.1", 0, new AggregateQueries(local, StateHolders.only(local), CLOCK), () -> "RUNNING");
    }

    @AfterEach
    void stop() {
        server.close();
        d.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        URI uri = server.url().resolve(path);
        return http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode json(String path) throws Exception {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        return JSON.readTree(response.body());
    }

    @Test
    void currentTotalsListEveryBranchWithItsNameAndTheProvinceSums() throws Exception {
        d.withProvince();
        d.send(d.registered("M1", "B1", MemberStatus.OFFICIAL, "2020-01-01"));
        d.send(d.registered("M2", "B3", MemberStatus.PROBATIONARY, "2020-01-01"));
        d.send(d.exempted("M1", "2025-01-01"));

        JsonNode current = json("api/current");
        JsonNode branches = current.get("branches");
        assertThat(branches).hasSize(4);
        assertThat(branches.get(0).get("branchId").asText()).isEqualTo("B1");
        assertThat(branches.get(0).get("branchName").asText()).isEqualTo("Chi bộ B1");
        assertThat(branches.get(0).get("membersActive").asInt()).isEqualTo(1);
        assertThat(branches.get(0).get("membersExempted").asInt()).isEqualTo(1);
        assertThat(branches.get(2).get("membersProbationary").asInt()).isEqualTo(1);
        assertThat(branches.get(3).get("membersActive").asInt()).as("a branch with nothing counted yet").isZero();
        assertThat(current.get("province").get("membersActive").asInt()).isEqualTo(2);
        assertThat(current.get("province").get("membersExempted").asInt()).isEqualTo(1);
    }

    @Test
    void monthDefaultsToThisMonthInVietnam() throws Exception {
        d.withProvince();
        d.send(d.admitted("M1", "B1", "2025-07-01"));
        d.time = Instant.parse("2025-06-30T20:00:00Z");
        d.send(d.admitted("M2", "B2", "2025-07-01"));

        JsonNode month = json("api/monthly");
        assertThat(month.get("month").asText()).isEqualTo("2025-07");
        assertThat(month.get("province").get("admissions").asInt()).isEqualTo(1);
        assertThat(month.get("branches").get(0).get("month").asText()).isEqualTo("2025-07-01");
        assertThat(json("api/monthly?month=2025-03").get("province").get("admissions").asInt()).isZero();
    }

    @Test
    void recentMonthsEndWithTheGivenMonthOldestFirst() throws Exception {
        d.withProvince();
        d.send(d.regular("MT1", "B1", "2025-01-10", 1));
        d.send(d.meeting("MT2", "B3", "2025-03-10", MeetingKind.THEMATIC, 1, 4, 4, List.of(), true, false));

        JsonNode months = json("api/monthly/recent?months=3&to=2025-03").get("months");
        assertThat(months).hasSize(3);
        assertThat(months.get(0).get("month").asText()).isEqualTo("2025-01");
        assertThat(months.get(0).get("province").get("regularMeetings").asInt()).isEqualTo(1);
        assertThat(months.get(1).get("province").get("regularMeetings").asInt()).isZero();
        assertThat(months.get(2).get("province").get("meetingsWithSuperior").asInt()).isEqualTo(1);
        assertThat(json("api/monthly/recent").get("months")).hasSize(12);
    }

    @Test
    void yearlyGivesGradesAndMembersAtRisk() throws Exception {
        d.withProvince();
        d.send(d.registered("M1", "B1", MemberStatus.OFFICIAL, "2020-01-01"));
        d.send(d.classified("M1", 2024, Grade.EXCELLENT));

        JsonNode year = json("api/yearly?year=2024");
        assertThat(year.get("year").asInt()).isEqualTo(2024);
        assertThat(year.get("province").get("gradedExcellent").asInt()).isEqualTo(1);
        assertThat(year.get("province").has("year")).isFalse();
        assertThat(json("api/yearly").get("year").asInt()).isEqualTo(2025);
    }

    @Test
    void rejectionsAreCountedByReason() throws Exception {
        d.withProvince();
        d.send(d.confirmed("M404", "2025-01-01"));
        d.send(d.admitted("M1", "B9", "2025-01-01"));
        d.send(d.branch("B9", "C9", vn.chibo.pulse.events.BranchKind.OTHER));
        assertThat(json("api/rejections").get("waiting").asInt()).as("the admission waits for B9").isEqualTo(1);
        d.waitOutTheReferenceWait(); // B9 never became known

        JsonNode rejections = json("api/rejections");
        assertThat(rejections.get("total").asInt()).isEqualTo(3);
        assertThat(rejections.get("byReason").get("MEMBER_NOT_ACTIVE").asInt()).isEqualTo(1);
        assertThat(rejections.get("byReason").get("UNKNOWN_BRANCH").asInt()).isEqualTo(1);
        assertThat(rejections.get("byReason").get("UNKNOWN_COMMUNE").asInt()).isEqualTo(1);
        assertThat(rejections.get("waiting").asInt()).as("nothing waits once it is refused").isZero();
    }

    @Test
    void lastChangedIsSetOnceAnAggregateChanges() throws Exception {
        assertThat(json("api/last-changed").get("lastChanged").isNull()).isTrue();
        d.withProvince();
        d.send(d.registered("M1", "B1", MemberStatus.OFFICIAL, "2020-01-01"));
        assertThat(Instant.parse(json("api/last-changed").get("lastChanged").asText())).isAfter(Instant.parse("2020-01-01T00:00:00Z"));
    }

    @Test
    void summaryHoldsEverythingForNow() throws Exception {
        d.withProvince();
        JsonNode summary = json("api/summary");
        assertThat(summary.get("current").get("branches")).hasSize(4);
        assertThat(summary.get("month").get("month").asText()).isEqualTo("2025-07");
        assertThat(summary.get("recentMonths")).hasSize(12);
        assertThat(summary.get("year").get("year").asInt()).isEqualTo(2025);
        assertThat(summary.has("rejections")).isTrue();
        assertThat(summary.has("lastChanged")).isTrue();
        assertThat(json("health").get("state").asText()).isEqualTo("RUNNING");
    }

    @Test
    void theEntranceRefusesForeignHostsGrantsNoOriginAndRefusesToListenBeyondLoopbackWithoutAuthentication() throws Exception {
        HttpResponse<String> answer = get("health");
        assertThat(answer.headers().firstValue("Access-Control-Allow-Origin")).as("no wildcard CORS").isEmpty();
        HttpResponse<String> foreign = http.send(HttpRequest.newBuilder(server.url().resolve("api/current"))
                .header("Origin", "https://evil.example").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(foreign.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.address().getPort())) {
            socket.getOutputStream().write("GET /api/current HTTP/1.1\r\nHost: rebound.example\r\nConnection: close\r\n\r\n"
                    .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            String raw = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(raw).startsWith("HTTP/1.1 400").contains("not known by the host name 'rebound.example'");
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new QueryServer("0.0.0.0", 0, null, () -> "RUNNING"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("refuses to listen on every interface")
                .hasMessageContaining("http.authentication.method=BASIC");
    }

    @Test
    void withAuthenticationOnlyTheProbesAnswerWithoutCredentials() throws Exception {
        String users = "dashboard:" + vn.chibo.pulse.http.PasswordHash.create("mật khẩu".toCharArray(), 1_000);
        vn.chibo.pulse.http.HttpSettings secured = vn.chibo.pulse.http.HttpSettings.of(QueryServer.SETTINGS_PREFIX, java.util.Map.of(
                "http.authentication.method", "BASIC", "http.authentication.users", users));
        try (QueryServer locked = new QueryServer("127.0.0.1", 0, secured, server.queries(), () -> "RUNNING")) {
            HttpResponse<String> none = http.send(HttpRequest.newBuilder(locked.url().resolve("api/current")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"Pulse\", charset=\"UTF-8\"");
            assertThat(JSON.readTree(none.body()).get("error").asText()).contains("basic credentials");
            String wrong = "Basic " + java.util.Base64.getEncoder().encodeToString("dashboard:sai".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertThat(http.send(HttpRequest.newBuilder(locked.url().resolve("internal/local/current")).header("Authorization", wrong)
                    .GET().build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
            String right = "Basic " + java.util.Base64.getEncoder().encodeToString("dashboard:mật khẩu".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertThat(http.send(HttpRequest.newBuilder(locked.url().resolve("api/current")).header("Authorization", right)
                    .GET().build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            for (String probe : new String[] {"health/ready", "health/live"}) {
                assertThat(http.send(HttpRequest.newBuilder(locked.url().resolve(probe)).GET().build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode()).as(probe).isEqualTo(200);
            }
            assertThat(http.send(HttpRequest.newBuilder(locked.url().resolve("health")).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
        }
    }

    @Test
    void badParametersAndUnknownPathsAreClientErrors() throws Exception {
        assertThat(get("api/monthly?month=July").statusCode()).isEqualTo(400);
        assertThat(get("api/yearly?year=abc").statusCode()).isEqualTo(400);
        assertThat(get("api/monthly/recent?months=0").statusCode()).isEqualTo(400);
        assertThat(get("api/nothing").statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(get("api/nothing").body()).get("error").asText()).contains("/api/nothing");
    }
}
