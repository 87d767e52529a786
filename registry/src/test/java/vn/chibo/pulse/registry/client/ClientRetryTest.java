package vn.chibo.pulse.registry.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The client's retries, against a tiny HTTP server scripted to fail: what is tested is the client's
 * reaction to failures, not a registry.
 */
class ClientRetryTest {

    private static final Schema SCHEMA = Schema.create(Schema.Type.STRING);

    private HttpServer flaky;
    private final AtomicInteger requests = new AtomicInteger();
    private final List<Long> requestTimes = Collections.synchronizedList(new ArrayList<>());

    /** Answers the first {@code failures} requests with {@code failStatus}, the later ones with {@code okBody}. */
    private String serve(int failures, int failStatus, String failBody, String okBody) throws IOException {
        flaky = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        flaky.createContext("/", exchange -> {
            requestTimes.add(System.nanoTime());
            exchange.getRequestBody().readAllBytes();
            if (requests.incrementAndGet() <= failures) {
                respond(exchange, failStatus, failBody);
            } else {
                respond(exchange, 200, okBody);
            }
        });
        flaky.start();
        return "http://127.0.0.1:" + flaky.getAddress().getPort();
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/vnd.schemaregistry.v1+json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @AfterEach
    void stop() {
        if (flaky != null) {
            flaky.stop(0);
        }
    }

    private static CachedSchemaRegistryClient client(String url, int retries) {
        return new CachedSchemaRegistryClient(Map.of("schema.registry.url", url, "max.retries", retries,
                "retries.wait.ms", 50L, "retries.max.wait.ms", 1_000L));
    }

    @Test
    void retriesAfterTwo503sAndSucceeds() throws IOException {
        String url = serve(2, 503, "{\"error_code\":50003,\"message\":\"busy\"}", "{\"id\":7}");

        int id = client(url, 3).register("s-value", SCHEMA);

        assertThat(id).isEqualTo(7);
        assertThat(requests.get()).isEqualTo(3);
    }

    @Test
    void backoffDoublesBetweenRetries() throws IOException {
        String url = serve(3, 500, "{\"error_code\":50001,\"message\":\"store\"}", "{\"id\":1}");

        client(url, 3).register("s-value", SCHEMA);

        long firstGap = requestTimes.get(1) - requestTimes.get(0);
        long thirdGap = requestTimes.get(3) - requestTimes.get(2);
        assertThat(firstGap).isGreaterThanOrEqualTo(50_000_000L);        // 50 ms
        assertThat(thirdGap).isGreaterThanOrEqualTo(200_000_000L);       // 50 * 2 * 2 ms
    }

    @Test
    void rateLimitingAndRequestTimeoutAreRetried() throws IOException {
        String url = serve(2, 429, "{\"error_code\":429,\"message\":\"slow down\"}", "{\"id\":3}");
        assertThat(client(url, 3).register("s-value", SCHEMA)).isEqualTo(3);
        flaky.stop(0);
        requests.set(0);
        url = serve(1, 408, "{\"error_code\":408,\"message\":\"timeout\"}", "{\"id\":4}");
        assertThat(client(url, 3).register("s-value", SCHEMA)).isEqualTo(4);
    }

    @Test
    void clientErrorsAreNotRetried() throws IOException {
        String url = serve(100, 404, "{\"error_code\":40401,\"message\":\"Subject 's-value' not found.\"}", "{}");

        assertThatThrownBy(() -> client(url, 3).getLatestSchemaMetadata("s-value"))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.status()).isEqualTo(404);
                    assertThat(e.errorCode()).isEqualTo(40401);
                    assertThat(e.registryMessage()).isEqualTo("Subject 's-value' not found.");
                });
        assertThat(requests.get()).isEqualTo(1);
    }

    @Test
    void givesUpAfterMaxRetriesWithTheLastError() throws IOException {
        String url = serve(100, 503, "{\"error_code\":50003,\"message\":\"still busy\"}", "{}");

        assertThatThrownBy(() -> client(url, 2).register("s-value", SCHEMA))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.status()).isEqualTo(503);
                    assertThat(e.errorCode()).isEqualTo(50003);
                });
        assertThat(requests.get()).isEqualTo(3);
    }

    @Test
    void anUnreachableRegistryIsRetriedThenReportedAsUnreachable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        long start = System.nanoTime();

        assertThatThrownBy(() -> client("http://127.0.0.1:" + closedPort, 2).register("s-value", SCHEMA))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.isUnreachable()).isTrue();
                    assertThat(e.getMessage()).contains("127.0.0.1:" + closedPort);
                });
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(150_000_000L); // waited 50 + 100 ms
    }

    @Test
    void failsOverToTheNextUrl() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        String good = serve(0, 500, "", "{\"id\":11}");

        int id = client("http://127.0.0.1:" + closedPort + "," + good, 2).register("s-value", SCHEMA);

        assertThat(id).isEqualTo(11);
    }

    @Test
    void answersThatAreNotConfluentJsonStillGiveTheStatus() throws IOException {
        String url = serve(100, 403, "<html>forbidden</html>", "{}");

        assertThatThrownBy(() -> client(url, 3).getAllSubjects())
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.status()).isEqualTo(403);
                    assertThat(e.errorCode()).isEqualTo(403);
                    assertThat(e.registryMessage()).contains("forbidden");
                });
    }
}
