package vn.chibo.pulse.reconcile;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import vn.chibo.pulse.reconcile.relations.Relation;
import vn.chibo.pulse.reconcile.relations.RelationShape;

/** The streams app's refusal counts per reason ({@code GET /api/rejections}), as a relation to compare. */
final class StreamsRefusals {

    /** Refused events per reason code: one row per reason. */
    static final RelationShape SHAPE = new RelationShape("refusals", List.of("reason"), List.of("refused"), true);

    /** What the streams app said; {@code waiting} events may still be refused or counted. */
    record Answer(Relation byReason, long waiting) {}

    private StreamsRefusals() {
    }

    static Answer fetch(ReconcileSettings settings) throws IOException, InterruptedException {
        String baseUrl = settings.streamsUrl();
        String url = (baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl) + "/api/rejections";
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET();
        if (settings.streamsUser() != null && !settings.streamsUser().isEmpty()) {
            // the query server behind basic authentication (http.authentication.method=BASIC)
            String pair = settings.streamsUser() + ":" + (settings.streamsPassword() == null ? "" : settings.streamsPassword());
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        }
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(url + " answered " + response.statusCode());
        }
        JsonNode json = new ObjectMapper().readTree(response.body());
        Relation counts = new Relation(SHAPE);
        json.path("byReason").fields().forEachRemaining(e -> counts.add(List.of(e.getKey()), "refused", e.getValue().asLong()));
        return new Answer(counts, json.path("waiting").asLong(0));
    }

    /** The ledger's own refusals as the same relation. */
    static Relation of(java.util.Map<String, Long> byReason) {
        Relation counts = new Relation(SHAPE);
        byReason.forEach((reason, n) -> counts.add(List.of(reason), "refused", n));
        return counts;
    }
}
