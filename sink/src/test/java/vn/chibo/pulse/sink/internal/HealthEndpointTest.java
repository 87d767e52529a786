package vn.chibo.pulse.sink.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import vn.chibo.pulse.http.PasswordHash;
import vn.chibo.pulse.http.PrometheusMetrics;
import vn.chibo.pulse.sink.SinkConfig;
import vn.chibo.pulse.sink.SinkService;

/** The sink's health endpoint on a real socket: what it answers, to whom, and what it refuses. */
class HealthEndpointTest {

    private static final String USER = "prometheus";
    private static final String PASSWORD = "Nghệ An 2025";
    private static final String USERS = USER + ":" + PasswordHash.create(PASSWORD.toCharArray(), 1_000);

    private final HealthState health = new HealthState(Clock.systemUTC());
    private final PrometheusMetrics metrics = new PrometheusMetrics();
    private HealthEndpoint endpoint;

    @AfterEach
    void close() {
        if (endpoint != null) {
            endpoint.close();
        }
        metrics.close();
    }

    private int start(String host, String... settings) {
        Map<String, Object> values = new HashMap<>();
        for (int i = 0; i < settings.length; i += 2) {
            values.put(settings[i], settings[i + 1]);
        }
        // the settings as the sink reads them: its realm and defaults
        endpoint = new HealthEndpoint(host, 0, new SinkConfig(values).healthSettings(), health::snapshot, metrics::scrape);
        return endpoint.uri().getPort();
    }

    private int startWithAuthentication(String host) {
        return start(host, "health.authentication.method", "BASIC", "health.authentication.users", USERS);
    }

    @Test
    void withAuthenticationOnlyTheProbesAnswerWithoutCredentials() throws Exception {
        health.retrying("PostgreSQL at db.internal:5432 refused the connection");
        int port = startWithAuthentication("127.0.0.1");

        for (String path : new String[] {"/health", "/metrics"}) {
            assertThat(get(port, path)).as(path).startsWith("HTTP/1.1 401")
                    .contains("WWW-Authenticate: Basic realm=\"Pulse sink\"").contains("needs HTTP basic credentials");
            assertThat(get(port, path, basic(USER, "sai mật khẩu"))).as(path).startsWith("HTTP/1.1 401")
                    .contains("not those of a user");
        }
        // the probes tell the status, never the problem (it names hosts), to a caller without credentials
        assertThat(get(port, "/health/ready")).startsWith("HTTP/1.1 503").contains("{\"status\":\"RETRYING\"}")
                .doesNotContain("db.internal");
        assertThat(get(port, "/health/live")).startsWith("HTTP/1.1 200").contains("{\"status\":\"RETRYING\"}");

        assertThat(get(port, "/health", basic(USER, PASSWORD))).startsWith("HTTP/1.1 503")
                .contains("\"status\":\"RETRYING\"", "\"healthy\":false", "db.internal");
        health.running();
        assertThat(get(port, "/health", basic(USER, PASSWORD))).startsWith("HTTP/1.1 200").contains("\"healthy\":true");
        assertThat(get(port, "/metrics", basic(USER, PASSWORD))).startsWith("HTTP/1.1 200")
                .contains("Content-Type: text/plain; version=0.0.4").contains("jvm_memory_used_bytes");
    }

    @Test
    void theProbesFollowTheSinksStatus() throws Exception {
        int port = start("127.0.0.1");
        assertThat(get(port, "/health/ready")).startsWith("HTTP/1.1 503");
        assertThat(get(port, "/health/live")).startsWith("HTTP/1.1 200");
        health.running();
        assertThat(get(port, "/health/ready")).startsWith("HTTP/1.1 200").contains("{\"status\":\"RUNNING\"}");
        assertThat(get(port, "/health")).startsWith("HTTP/1.1 200").contains("\"healthy\":true");
        assertThat(exchange(port, "HEAD /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 200").endsWith("\r\n\r\n");
        health.failed("the reporting schema is newer than this sink");
        assertThat(get(port, "/health/live")).startsWith("HTTP/1.1 503").contains("{\"status\":\"FAILED\"}");
        assertThat(get(port, "/health")).startsWith("HTTP/1.1 503").contains("newer than this sink");
        health.stopped();
        assertThat(get(port, "/health/live")).startsWith("HTTP/1.1 503");
    }

    @Test
    void theContainersProbeWithoutHostOrCredentialsPassesOnEveryInterface() throws Exception {
        health.running();
        int port = startWithAuthentication("0.0.0.0");
        // what docker-compose.yml's health check sends over bash's /dev/tcp: HTTP/1.0, no Host, no credentials
        assertThat(exchange(port, "GET /health/live HTTP/1.0\r\n\r\n")).startsWith("HTTP/1.1 200");
        assertThat(exchange(port, "GET /health HTTP/1.0\r\n\r\n")).startsWith("HTTP/1.1 401");
    }

    @Test
    void aForeignHostAnOversizedBodyAndOversizedHeadersAreRefused() throws Exception {
        health.running();
        int port = start("127.0.0.1");
        assertThat(exchange(port, "GET /health HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 400").contains("application/json").contains("not known by the host name 'evil.example'");
        assertThat(exchange(port, "POST /health HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 10000000\r\n\r\n"
                + "x".repeat(1_000))).startsWith("HTTP/1.1 413").contains("at most 65536 bytes");
        assertThat(get(port, "/health/live", "X-Padding: " + "x".repeat(20_000))).startsWith("HTTP/1.1 431");
        assertThat(exchange(port, "DELETE /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 405");
        assertThat(get(port, "/health/../../etc/passwd")).matches("(?s)HTTP/1.1 (400|404).*");
        assertThat(get(port, "/health")).startsWith("HTTP/1.1 200");
    }

    @Test
    void theSinkRefusesAHealthEndpointBeyondLoopbackWithoutAuthentication() {
        Map<String, String> settings = Map.of(SinkConfig.HEALTH_HOST, "0.0.0.0", SinkConfig.HEALTH_PORT, "0");
        // refused before the sink connects to anything (nothing listens at the default Kafka and PostgreSQL)
        assertThatThrownBy(() -> SinkService.start(settings))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("sink health endpoint refuses to listen on every interface")
                .hasMessageContaining("health.authentication.method=BASIC");
    }

    private static String basic(String user, String password) {
        return "Authorization: Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static String get(int port, String path, String... headers) throws IOException {
        StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n");
        for (String h : headers) {
            request.append(h).append("\r\n");
        }
        return exchange(port, request.append("Connection: close\r\n\r\n").toString());
    }

    /** Sends {@code request} as it is and reads until the server closes the connection. */
    private static String exchange(int port, String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request.getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException e) {
                // refused before the whole request was read
            }
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    all.write(buffer, 0, n);
                }
            } catch (SocketTimeoutException | SocketException e) {
                // what came before the server reset the connection
            }
            return all.toString(StandardCharsets.UTF_8);
        }
    }
}
