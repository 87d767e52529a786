package vn.chibo.pulse.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import vn.chibo.pulse.http.PasswordHash;

/** GET /metrics of the board, scraped over a real socket as Prometheus does. */
class DashboardMetricsTest {

    private static final String USER = "prometheus";
    private static final String PASSWORD = "Quảng Bình 2025";

    private static SmallProvince province;

    @BeforeAll
    static void createProvince() throws Exception {
        province = SmallProvince.create();
    }

    @AfterAll
    static void dropProvince() throws Exception {
        province.close();
    }

    @Test
    void theClientGaugeFollowsARealEventStreamClient() throws Exception {
        Map<String, Object> settings = province.settings();
        // a heartbeat this often finds a client that has gone within a second
        settings.put(DashboardConfig.HEARTBEAT_MS, 100L);
        try (DashboardServer server = DashboardServer.start(new DashboardConfig(settings), Fixtures.streams(), Fixtures.clock())) {
            String before = scrape(server, null);
            assertThat(before).contains("# TYPE pulse_dashboard_stream_clients gauge",
                    "# TYPE pulse_dashboard_stream_clients_dropped_total counter", "jvm_memory_used_bytes");
            assertThat(sample(before, "pulse_dashboard_stream_clients")).isZero();
            // the first snapshot, read at start, went to the stream
            assertThat(sample(before, "pulse_dashboard_snapshots_sent_total")).isGreaterThanOrEqualTo(1);

            try (Socket client = openStream(server.port())) {
                Eventually.get(() -> sample(scrape(server, null), "pulse_dashboard_stream_clients") == 1 ? true : null);
            }
            Eventually.get(() -> sample(scrape(server, null), "pulse_dashboard_stream_clients") == 0 ? true : null);
        }
    }

    @Test
    void withAuthenticationTheMetricsNeedCredentials() throws Exception {
        Map<String, Object> settings = province.settings();
        settings.put("dashboard.authentication.method", "BASIC");
        settings.put("dashboard.authentication.users", USER + ":" + PasswordHash.create(PASSWORD.toCharArray(), 1_000));
        try (DashboardServer server = DashboardServer.start(new DashboardConfig(settings), Fixtures.streams(), Fixtures.clock())) {
            HttpResponse<String> none = Http.get(server.url() + "metrics");
            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(none.body()).doesNotContain("pulse_dashboard");
            String basic = "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
            assertThat(scrape(server, basic)).contains("pulse_dashboard_stream_clients 0.0");
        }
    }

    @Test
    void aStreamsAppThatDoesNotAnswerIsCountedAsASourceFailure() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0)) {
            closedPort = probe.getLocalPort();
        }
        Map<String, Object> settings = province.settings();
        settings.put(DashboardConfig.STREAMS_URL, "http://127.0.0.1:" + closedPort);
        settings.put(DashboardConfig.FULL_REFRESH_MS, 100L);
        settings.put(DashboardConfig.POLL_INTERVAL_MS, 50L);
        // the real client of the streams app, against a port nobody listens on
        try (DashboardServer server = DashboardServer.start(new DashboardConfig(settings))) {
            String failing = Eventually.get(() -> {
                String metrics = scrape(server, null);
                return sample(metrics, "pulse_dashboard_source_failures_total{source=\"streams\"}") >= 2 ? metrics : null;
            });
            assertThat(sample(failing, "pulse_dashboard_source_failures_total{source=\"postgres\"}")).isZero();
        }
    }

    private static String scrape(DashboardServer server, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url() + "metrics")).timeout(Duration.ofSeconds(10));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> answer = Http.send(request.build());
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
