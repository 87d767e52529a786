package vn.chibo.pulse.dashboard.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import vn.chibo.pulse.dashboard.AggregateSource;
import vn.chibo.pulse.dashboard.DistrictTotals;
import vn.chibo.pulse.dashboard.MonthlyFigures;
import vn.chibo.pulse.dashboard.RejectionCounts;
import vn.chibo.pulse.dashboard.YearlyFigures;

/**
 * Reads the aggregates from the streams app's interactive-query HTTP API (see docs/streams.md):
 * /api/current, /api/monthly/recent, /api/yearly, /api/rejections and /api/last-changed. While
 * the app restores its state it answers 503, which the dashboard shows as "source down".
 */
public final class StreamsQueryClient implements AggregateSource {

    private final String baseUrl;
    private final Duration timeout;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();

    public StreamsQueryClient(String baseUrl, Duration timeout) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
    }

    @Override
    public Map<String, String> districtNames() throws IOException {
        Map<String, String> names = new HashMap<>();
        for (JsonNode n : get("/api/current").path("districts")) {
            JsonNode name = n.path("districtName");
            if (!name.isNull() && !name.isMissingNode() && !name.asText().isBlank()) {
                names.put(n.path("districtCode").asText(), name.asText());
            }
        }
        return names;
    }

    @Override
    public List<DistrictTotals> current() throws IOException {
        List<DistrictTotals> out = new ArrayList<>();
        for (JsonNode n : get("/api/current").path("districts")) {
            out.add(new DistrictTotals(n.path("districtCode").asText(),
                    n.path("membersActive").asInt(), n.path("membersOfficial").asInt(),
                    n.path("membersProbationary").asInt(), n.path("membersVillage").asInt(),
                    n.path("membersStreetGroup").asInt(), n.path("membersOther").asInt(),
                    n.path("branchesVillage").asInt(), n.path("branchesStreetGroup").asInt(),
                    n.path("branchesOther").asInt()));
        }
        return out;
    }

    @Override
    public List<MonthlyFigures> monthly(YearMonth from, YearMonth to) throws IOException {
        long count = ChronoUnit.MONTHS.between(from, to) + 1;
        if (count < 1) {
            return List.of();
        }
        List<MonthlyFigures> out = new ArrayList<>();
        for (JsonNode month : get("/api/monthly/recent?months=" + count + "&to=" + to).path("months")) {
            for (JsonNode n : month.path("districts")) {
                out.add(new MonthlyFigures(n.path("districtCode").asText(), month(n.path("month")),
                        n.path("admissions").asInt(), n.path("confirmations").asInt(),
                        n.path("transfersIn").asInt(), n.path("transfersOut").asInt(),
                        n.path("deaths").asInt(), n.path("removals").asInt(), n.path("expulsions").asInt(),
                        n.path("regularMeetings").asInt(), n.path("thematicMeetings").asInt(),
                        n.path("branchesWithRegularMeeting").asInt(),
                        n.path("membersExpected").asInt(), n.path("membersPresent").asInt(),
                        n.path("meetingsWithSuperior").asInt(), n.path("meetingsWithSelfCriticism").asInt()));
            }
        }
        return out;
    }

    @Override
    public List<YearlyFigures> yearly(int year) throws IOException {
        List<YearlyFigures> out = new ArrayList<>();
        for (JsonNode n : get("/api/yearly?year=" + year).path("districts")) {
            out.add(new YearlyFigures(n.path("districtCode").asText(), n.path("year").asInt(year),
                    n.path("gradedExcellent").asInt(), n.path("gradedGood").asInt(),
                    n.path("gradedCompleted").asInt(), n.path("gradedNotCompleted").asInt(),
                    n.path("membersAtRisk").asInt()));
        }
        return out;
    }

    @Override
    public RejectionCounts rejections() throws IOException {
        JsonNode answer = get("/api/rejections");
        Map<String, Long> byReason = new HashMap<>();
        answer.path("byReason").fields().forEachRemaining(e -> byReason.put(e.getKey(), e.getValue().asLong()));
        return new RejectionCounts(byReason, answer.path("waiting").asLong());
    }

    @Override
    public Optional<Instant> lastChanged() throws IOException {
        JsonNode n = get("/api/last-changed").path("lastChanged");
        return n.isMissingNode() || n.isNull() ? Optional.empty() : Optional.of(Instant.parse(n.asText()));
    }

    @Override
    public String toString() {
        return "the streams query API at " + baseUrl;
    }

    /** A month written YYYY-MM, YYYY-MM-DD (its first day) or as days since 1970-01-01 (Avro's date). */
    static YearMonth month(JsonNode n) {
        if (n.isNumber()) {
            return YearMonth.from(LocalDate.ofEpochDay(n.asLong()));
        }
        String text = n.asText();
        return text.length() > 7 ? YearMonth.from(LocalDate.parse(text)) : YearMonth.parse(text);
    }

    private JsonNode get(String pathAndQuery) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery))
                .timeout(timeout).header("Accept", "application/json").GET().build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while asking " + request.uri(), e);
        }
        if (response.statusCode() != 200) {
            throw new IOException("GET " + request.uri() + " answered " + response.statusCode());
        }
        return json.readTree(response.body());
    }
}
