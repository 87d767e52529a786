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
    private final String authorization;
    private final HttpClient http;
    private final Duration requestTimeout;

    public HttpRegistryTransport(RegistryEndpoint endpoint, HttpClient http, Duration requestTimeout) {
        String url = endpoint.url();
        this.baseUrl = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.authorization = endpoint.authorization();
        this.http = http;
        this.requestTimeout = requestTimeout;
    }

    @Override
    public RestResponse send(String method, String pathAndQuery, byte[] body) throws IOException {
        HttpRequest.BodyPublisher publisher = body == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery))
                .timeout(requestTimeout)
                .header("Accept", ACCEPT)
                .header("Content-Type", RestResponse.CONTENT_TYPE)
                .method(method, publisher);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
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
