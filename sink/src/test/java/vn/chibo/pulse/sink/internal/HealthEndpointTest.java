package vn.chibo.pulse.sink.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import vn.chibo.pulse.http.PasswordHash;
import vn.chibo.pulse.http.PrometheusMetrics;
import vn.chibo.pulse.http.Raw;
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
            Raw.Answer none = Raw.get(port, path);
            assertThat(none.status()).as(path).isEqualTo(401);
            assertThat(none.header("WWW-Authenticate")).as(path).startsWith("Basic realm=\"Pulse sink\"");
            assertThat(none.body()).as(path).contains("needs HTTP basic credentials");
            Raw.Answer wrong = Raw.get(port, path, basic(USER, "sai mật khẩu"));
            assertThat(wrong.status()).as(path).isEqualTo(401);
            assertThat(wrong.body()).as(path).contains("not those of a user");
        }
        // the probes tell the status, never the problem (it names hosts), to a caller without credentials
        assertThat(Raw.get(port, "/health/ready")).extracting(Raw.Answer::status, Raw.Answer::body)
                .containsExactly(503, "{\"status\":\"RETRYING\"}");
        assertThat(Raw.get(port, "/health/live")).extracting(Raw.Answer::status, Raw.Answer::body)
                .containsExactly(200, "{\"status\":\"RETRYING\"}");

        Raw.Answer details = Raw.get(port, "/health", basic(USER, PASSWORD));
        assertThat(details.status()).isEqualTo(503);
        assertThat(details.body()).contains("\"status\":\"RETRYING\"", "\"healthy\":false", "db.internal");
        health.running();
        assertThat(Raw.get(port, "/health", basic(USER, PASSWORD)).body()).contains("\"healthy\":true");
        Raw.Answer metrics = Raw.get(port, "/metrics", basic(USER, PASSWORD));
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.header("Content-Type")).isEqualTo(PrometheusMetrics.CONTENT_TYPE);
        assertThat(metrics.body()).contains("jvm_memory_used_bytes");
    }

    @Test
    void theProbesFollowTheSinksStatus() throws Exception {
        int port = start("127.0.0.1");
        assertThat(Raw.get(port, "/health/ready").status()).isEqualTo(503);
        assertThat(Raw.get(port, "/health/live").status()).isEqualTo(200);
        health.running();
        assertThat(Raw.get(port, "/health/ready").body()).isEqualTo("{\"status\":\"RUNNING\"}");
        assertThat(Raw.get(port, "/health").body()).contains("\"healthy\":true");
        Raw.Answer head = exchange(port, "HEAD /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        health.failed("the reporting schema is newer than this sink");
        assertThat(Raw.get(port, "/health/live")).extracting(Raw.Answer::status, Raw.Answer::body)
                .containsExactly(503, "{\"status\":\"FAILED\"}");
        assertThat(Raw.get(port, "/health").body()).contains("newer than this sink");
        health.stopped();
        assertThat(Raw.get(port, "/health/live").status()).isEqualTo(503);
    }

    @Test
    void theContainersProbeWithoutHostOrCredentialsPassesOnEveryInterface() throws Exception {
        health.running();
        int port = startWithAuthentication("0.0.0.0");
        // what docker-compose.yml's health check sends over bash's /dev/tcp: HTTP/1.0, no Host, no credentials
        assertThat(exchange(port, "GET /health/live HTTP/1.0\r\n\r\n").status()).isEqualTo(200);
        assertThat(exchange(port, "GET /health HTTP/1.0\r\n\r\n").status()).isEqualTo(401);
    }

    @Test
    void aForeignHostAnOversizedBodyAndOversizedHeadersAreRefused() throws Exception {
        health.running();
        int port = start("127.0.0.1");
        Raw.Answer rebound = exchange(port, "GET /health HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n");
        assertThat(rebound.status()).isEqualTo(400);
        assertThat(rebound.header("Content-Type")).startsWith("application/json");
        assertThat(rebound.body()).contains("not known by the host name 'evil.example'");
        Raw.Answer big = exchange(port, "POST /health HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 10000000\r\n\r\n"
                + "x".repeat(1_000));
        assertThat(big.status()).isEqualTo(413);
        assertThat(big.body()).contains("at most 65536 bytes");
        assertThat(Raw.get(port, "/health/live", "X-Padding: " + "x".repeat(20_000)).status()).isEqualTo(431);
        assertThat(exchange(port, "DELETE /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").status())
                .isEqualTo(405);
        assertThat(Raw.get(port, "/health/../../etc/passwd").status()).isIn(400, 404);
        assertThat(Raw.get(port, "/health").status()).isEqualTo(200);
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
        return "Authorization: " + Raw.basic(user, password);
    }

    private static Raw.Answer exchange(int port, String request) throws IOException {
        return Raw.exchange(port, request.getBytes(StandardCharsets.UTF_8));
    }
}
