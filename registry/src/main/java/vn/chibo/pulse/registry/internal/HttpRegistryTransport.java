package vn.chibo.pulse.registry.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Requests over HTTP with the JDK's client, in Confluent's content type. */
public final class HttpRegistryTransport implements RegistryTransport {

    private static final String ACCEPT = RestResponse.CONTENT_TYPE
            + ", application/vnd.schemaregistry+json; qs=0.9, application/json; qs=0.5";

    private final String baseUrl;
    private final HttpClient http;
    private final Duration requestTimeout;

    public HttpRegistryTransport(String baseUrl, HttpClient http, Duration requestTimeout) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.http = http;
        this.requestTimeout = requestTimeout;
    }

    @Override
    public RestResponse send(String method, String pathAndQuery, byte[] body) throws IOException {
        HttpRequest.BodyPublisher publisher = body == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body);
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery))
                .timeout(requestTimeout)
                .header("Accept", ACCEPT)
                .header("Content-Type", RestResponse.CONTENT_TYPE)
                .method(method, publisher)
                .build();
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return new RestResponse(response.statusCode(), response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while calling " + baseUrl, e);
        }
    }

    @Override
    public String target() {
        return baseUrl;
    }
}
