package vn.chibo.pulse.dashboard.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import vn.chibo.pulse.dashboard.RejectionCounts;
import vn.chibo.pulse.dashboard.StreamsState;

/**
 * Reads the refused events from the streams app's interactive-query HTTP API (see docs/streams.md):
 * /api/rejections. While the app restores its state it answers 503, which the page shows as
 * "streams down".
 */
public final class StreamsQueryClient implements StreamsState {

    private final String baseUrl;
    private final Duration timeout;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();
    private final String authorization;

    public StreamsQueryClient(String baseUrl, Duration timeout) {
        this(baseUrl, timeout, null);
    }

    /** {@code authorization}: the Authorization header sent with every request (basic credentials), or null. */
    public StreamsQueryClient(String baseUrl, Duration timeout, String authorization) {
        this.authorization = authorization;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
    }

    @Override
    public RejectionCounts rejections() throws IOException {
        JsonNode answer = get("/api/rejections");
        Map<String, Long> byReason = new HashMap<>();
        answer.path("byReason").fields().forEachRemaining(e -> byReason.put(e.getKey(), e.getValue().asLong()));
        return new RejectionCounts(byReason, answer.path("waiting").asLong());
    }

    @Override
    public String toString() {
        return "the streams query API at " + baseUrl;
    }

    private JsonNode get(String pathAndQuery) throws IOException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery))
                .timeout(timeout).header("Accept", "application/json").GET();
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        HttpRequest request = builder.build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while asking " + request.uri(), e);
        }
        if (response.statusCode() != 200) {
            throw new IOException("GET " + request.uri() + " answered " + response.statusCode()
                    + (response.statusCode() == 401 ? " (set dashboard.streams.user and dashboard.streams.password)" : ""));
        }
        return json.readTree(response.body());
    }
}
