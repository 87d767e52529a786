package vn.chibo.pulse.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;

import vn.chibo.pulse.http.HttpSettings;
import vn.chibo.pulse.http.PasswordHash;
import vn.chibo.pulse.http.Reply;
import vn.chibo.pulse.http.WebServer;

/** Hostile requests at the board's entrance, on a real server and socket: each refused with its reason, in JSON. */
class DashboardEntranceTest extends BoardOnTheSmallProvince {

    private static final String USER = "to-chuc";
    private static final String PASSWORD = "Hà Tĩnh 2025";
    private static final String USERS = USER + ":" + PasswordHash.create(PASSWORD.toCharArray(), 1_000);

    private static DashboardServer start(Object... more) {
        return board(Fixtures.streams(), more);
    }

    /** Sends {@code request} as it is and reads the whole answer (the request asks the server to close). */
    private static String exchange(int port, String request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request.getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (java.io.IOException e) {
                // refused before the body was read
            }
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    all.write(buffer, 0, n);
                }
            } catch (SocketTimeoutException | java.net.SocketException e) {
                // what came
            }
            return all.toString(StandardCharsets.UTF_8);
        }
    }

    private static String get(int port, String path, String... headers) throws Exception {
        StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n");
        for (String h : headers) {
            request.append(h).append("\r\n");
        }
        return exchange(port, request.append("Connection: close\r\n\r\n").toString());
    }

    /** The head of the event stream's answer (the stream itself never ends). */
    private static String streamHeaders(int port, String... headers) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            StringBuilder request = new StringBuilder("GET /api/stream HTTP/1.1\r\nHost: 127.0.0.1\r\n");
            for (String h : headers) {
                request.append(h).append("\r\n");
            }
            socket.getOutputStream().write(request.append("\r\n").toString().getBytes(StandardCharsets.UTF_8));
            StringBuilder head = new StringBuilder();
            InputStream in = socket.getInputStream();
            for (int b; head.indexOf("\r\n\r\n") < 0 && (b = in.read()) >= 0; ) {
                head.append((char) b);
            }
            return head.toString();
        }
    }

    private static String basic(String user, String password) {
        return "Authorization: Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aForeignHostAnOversizedBodyAndAForeignOriginAreRefused() throws Exception {
        try (DashboardServer server = start()) {
            int port = server.port();
            String rebound = exchange(port, "GET /api/summary HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n");
            assertThat(rebound).startsWith("HTTP/1.1 400").contains("application/json")
                    .contains("not known by the host name 'evil.example'");

            String big = exchange(port, "POST /api/summary HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 10000000\r\n\r\n"
                    + "x".repeat(1_000));
            assertThat(big).startsWith("HTTP/1.1 413").contains("at most 65536 bytes");

            String posted = exchange(port, "POST /api/summary HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\n"
                    + "Connection: close\r\n\r\n{}");
            assertThat(posted).startsWith("HTTP/1.1 405").contains("use GET");

            String foreign = get(port, "/api/summary", "Origin: https://evil.example");
            assertThat(foreign).startsWith("HTTP/1.1 200").doesNotContainIgnoringCase("Access-Control-Allow-Origin");
            assertThat(streamHeaders(port, "Origin: https://evil.example").toLowerCase())
                    .startsWith("http/1.1 200").contains("text/event-stream").doesNotContain("access-control-allow-origin");
        }
    }

    @Test
    void anAllowedOriginIsGrantedCors() throws Exception {
        try (DashboardServer server = start("dashboard.allowed.origins", "https://bao-cao.hatinh.vn")) {
            assertThat(get(server.port(), "/health", "Origin: https://bao-cao.hatinh.vn"))
                    .containsIgnoringCase("Access-Control-Allow-Origin: https://bao-cao.hatinh.vn");
            assertThat(get(server.port(), "/health", "Origin: https://evil.example"))
                    .doesNotContainIgnoringCase("Access-Control-Allow-Origin");
        }
    }

    @Test
    void withAuthenticationEveryUrlNeedsTheCredentials() throws Exception {
        try (DashboardServer server = start("dashboard.authentication.method", "BASIC", "dashboard.authentication.users", USERS)) {
            int port = server.port();
            assertThat(streamHeaders(port)).startsWith("HTTP/1.1 401");
            assertThat(streamHeaders(port, basic(USER, PASSWORD))).startsWith("HTTP/1.1 200");
            for (String path : new String[] {"/", "/assets/app.js", "/health", "/metrics", "/api/summary", "/api/province"}) {
                String none = get(port, path);
                assertThat(none).as(path).startsWith("HTTP/1.1 401").contains("WWW-Authenticate: Basic realm=\"Pulse board\"")
                        .contains("needs HTTP basic credentials");
                assertThat(get(port, path, basic(USER, "sai mật khẩu"))).as(path).startsWith("HTTP/1.1 401")
                        .contains("not those of a user");
            }
            assertThat(get(port, "/", basic(USER, PASSWORD))).startsWith("HTTP/1.1 200").contains("<html");
            assertThat(get(port, "/health", basic(USER, PASSWORD))).startsWith("HTTP/1.1 200").contains("\"status\":\"UP\"");
            // the event stream opened above may or may not be counted yet as gone: the value is another test's business
            assertThat(get(port, "/metrics", basic(USER, PASSWORD))).startsWith("HTTP/1.1 200")
                    .containsPattern("\npulse_dashboard_stream_clients \\d+\\.0\n");
        }
    }

    @Test
    void itRefusesToListenBeyondLoopbackWithoutAuthentication() {
        assertThatThrownBy(() -> start(DashboardConfig.BIND_HOST, "0.0.0.0"))
                .isInstanceOf(DashboardStartException.class)
                .hasMessageContaining("refuses to listen on every interface")
                .hasMessageContaining("dashboard.authentication.method=BASIC");
        try (DashboardServer server = start(DashboardConfig.BIND_HOST, "0.0.0.0",
                "dashboard.authentication.method", "BASIC", "dashboard.authentication.users", USERS)) {
            assertThat(server.url()).startsWith("http://127.0.0.1:");
        }
    }

    @Test
    void theBoardGivesItsCredentialsToAStreamsAppThatNeedsThem() throws Exception {
        // A query server with authentication, answering /api/rejections as the streams app does.
        HttpSettings secured = HttpSettings.of("http.", Map.of("http.authentication.method", "BASIC",
                "http.authentication.users", USERS));
        try (WebServer streams = WebServer.builder("streams query server", secured)
                .get("/api/rejections", call -> Reply.ok(Map.of("byReason", Map.of("UNKNOWN_BRANCH", 7), "waiting", 0)))
                .start("127.0.0.1", 0)) {
            Map<String, Object> settings = province.settings();
            settings.put(DashboardConfig.STREAMS_URL, streams.url().toString());
            try (DashboardServer without = DashboardServer.start(new DashboardConfig(settings))) {
                Thread.sleep(1_000);
                assertThat(Http.json(without.url() + "api/summary").at("/sources/streams").asText()).isEqualTo("DOWN");
            }
            settings.put(DashboardConfig.STREAMS_USER, USER);
            settings.put(DashboardConfig.STREAMS_PASSWORD, PASSWORD);
            try (DashboardServer with = DashboardServer.start(new DashboardConfig(settings))) {
                long deadline = System.currentTimeMillis() + 10_000;
                while (!Http.json(with.url() + "api/summary").at("/sources/streams").asText().equals("UP")
                        && System.currentTimeMillis() < deadline) {
                    Thread.sleep(100);
                }
                assertThat(Http.json(with.url() + "api/summary").at("/rejections/total").asLong()).isEqualTo(7);
            }
        }
    }
}
