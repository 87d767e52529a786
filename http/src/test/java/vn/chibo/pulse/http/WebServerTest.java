package vn.chibo.pulse.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Hostile requests against a real server on a real socket: each is refused, in JSON, with its reason. */
class WebServerTest {

    static final String USER = "board";
    static final String PASSWORD = "mật khẩu đúng";
    static final String USERS = USER + ":" + PasswordHash.create(PASSWORD.toCharArray(), 1_000);

    private WebServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private WebServer start(Map<String, Object> settings) {
        server = WebServer.builder("test server", HttpSettings.of("test.", settings))
                .get("/health", call -> Reply.ok(Map.of("status", "UP")))
                .get("/health/live", call -> Reply.ok(Map.of("state", "RUNNING")))
                .get("/fails", call -> {
                    throw new IllegalStateException("boom");
                })
                .get("/slow", call -> {
                    Thread.sleep(1_500);
                    return Reply.ok(Map.of("slow", true));
                })
                .get("/refuses", call -> {
                    throw HttpError.badRequest("month must be YYYY-MM");
                })
                .getUnder("/api/", call -> call.path().equals("/api/none") ? null : Reply.ok(Map.of("path", call.path(),
                        "q", call.params())))
                .withoutCredentials("/health/live")
                .start("127.0.0.1", 0);
        return server;
    }

    private WebServer start() {
        return start(new HashMap<>());
    }

    @Test
    void answersRoutesInJson() throws Exception {
        int port = start().port();
        Raw.Answer ok = Raw.get(port, "/api/x?month=2025-06&name=%C4%90%E1%BB%A9c");
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.header("Content-Type")).startsWith("application/json");
        assertThat(ok.body()).contains("\"path\":\"/api/x\"").contains("Đức");
        assertThat(Raw.get(port, "/api/none").body()).contains("no such resource");
        assertThat(Raw.get(port, "/nowhere").status()).isEqualTo(404);
        Raw.Answer refused = Raw.get(port, "/refuses");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).isEqualTo("{\"error\":\"month must be YYYY-MM\"}");
        Raw.Answer failed = Raw.get(port, "/fails");
        assertThat(failed.status()).isEqualTo(500);
        assertThat(failed.body()).contains("\"error\"").contains("boom");
        assertThat(ok.header("Server")).isNull();
    }

    @Test
    void anOversizedBodyIsRefused413() throws Exception {
        int port = start(new HashMap<>(Map.of("test.request.max.bytes", 1_000))).port();
        byte[] body = new byte[50_000];
        Raw.Answer answer = Raw.exchange(port, ("POST /health HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length + "\r\n\r\n" + new String(body, StandardCharsets.ISO_8859_1))
                .getBytes(StandardCharsets.ISO_8859_1));
        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.header("Content-Type")).startsWith("application/json");
        assertThat(answer.body()).contains("at most 1000 bytes");
    }

    @Test
    void aBodyWithoutLengthIsRefused() throws Exception {
        int port = start(new HashMap<>(Map.of("test.request.max.bytes", 1_000))).port();
        StringBuilder request = new StringBuilder("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n");
        for (int i = 0; i < 10; i++) {
            request.append("3e8\r\n").append("x".repeat(1_000)).append("\r\n");
        }
        request.append("0\r\n\r\n");
        Raw.Answer answer = Raw.exchange(port, request.toString().getBytes(StandardCharsets.ISO_8859_1));
        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.body()).contains("must declare its length");
        assertThat(Raw.get(port, "/health").status()).isEqualTo(200);
    }

    @Test
    void aForeignHostIsRefused400() throws Exception {
        int port = start().port();
        Raw.Answer answer = Raw.request(port, "GET", "/health", "attacker.example:80");
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body()).contains("not known by the host name 'attacker.example:80'");
        assertThat(Raw.request(port, "GET", "/health", "localhost").status()).isEqualTo(200);
    }

    @Test
    void configuredHostsAreTheOnlyOnes() throws Exception {
        int port = start(new HashMap<>(Map.of("test.allowed.hosts", "board.chibo.vn"))).port();
        assertThat(Raw.get(port, "/health").status()).isEqualTo(400); // 127.0.0.1 is not among them
        assertThat(Raw.request(port, "GET", "/health", "BOARD.chibo.vn:8443").status()).isEqualTo(200);
    }

    @Test
    void aForeignOriginGetsNoCorsGrant() throws Exception {
        int port = start(new HashMap<>(Map.of("test.allowed.origins", "https://bao-cao.chibo.vn"))).port();
        Raw.Answer foreign = Raw.get(port, "/health", "Origin: https://evil.example");
        assertThat(foreign.status()).isEqualTo(200);
        assertThat(foreign.header("Access-Control-Allow-Origin")).isNull();
        Raw.Answer allowed = Raw.get(port, "/health", "Origin: https://bao-cao.chibo.vn");
        assertThat(allowed.header("Access-Control-Allow-Origin")).isEqualTo("https://bao-cao.chibo.vn");
        assertThat(allowed.header("Vary")).contains("Origin");

        Raw.Answer preflight = Raw.request(port, "OPTIONS", "/health", "127.0.0.1",
                "Origin: https://evil.example", "Access-Control-Request-Method: GET");
        assertThat(preflight.status()).isEqualTo(403);
        assertThat(preflight.header("Access-Control-Allow-Origin")).isNull();
        assertThat(preflight.body()).contains("may not read");
    }

    @Test
    void noOriginIsGrantedByDefault() throws Exception {
        int port = start().port();
        assertThat(Raw.get(port, "/health", "Origin: http://127.0.0.1:9999").header("Access-Control-Allow-Origin")).isNull();
    }

    @Test
    void withAuthenticationMissingOrWrongCredentialsAre401() throws Exception {
        int port = start(new HashMap<>(Map.of("test.authentication.method", "basic", "test.authentication.users", USERS,
                "test.authentication.realm", "Pulse board"))).port();
        Raw.Answer none = Raw.get(port, "/health");
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.header("WWW-Authenticate")).isEqualTo("Basic realm=\"Pulse board\", charset=\"UTF-8\"");
        assertThat(none.body()).contains("needs HTTP basic credentials");
        Raw.Answer wrong = Raw.get(port, "/health", "Authorization: " + Raw.basic(USER, "wrong"));
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.body()).contains("not those of a user");
        assertThat(Raw.get(port, "/health", "Authorization: " + Raw.basic("nobody", PASSWORD)).status()).isEqualTo(401);
        assertThat(Raw.get(port, "/health", "Authorization: Basic !!!").status()).isEqualTo(401);
        assertThat(Raw.get(port, "/health", "Authorization: " + Raw.basic(USER, PASSWORD)).status()).isEqualTo(200);
        // a probe's path
        assertThat(Raw.get(port, "/health/live").status()).isEqualTo(200);
    }

    @Test
    void listeningBeyondLoopbackWithoutAuthenticationIsRefusedAtStart() {
        assertThatThrownBy(() -> WebServer.builder("board", HttpSettings.of("dashboard.", Map.of())).start("0.0.0.0", 0))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("refuses to listen on every interface")
                .hasMessageContaining("dashboard.authentication.method=BASIC");
        WebServer open = WebServer.builder("board", HttpSettings.of("dashboard.", Map.of(
                "dashboard.authentication.method", "BASIC", "dashboard.authentication.users", USERS))).start("0.0.0.0", 0);
        open.close();
    }

    @Test
    void aUserWithoutAHashIsAConfigurationError() {
        assertThatThrownBy(() -> HttpSettings.of("http.", Map.of("http.authentication.method", "BASIC",
                "http.authentication.users", "alice:hunter2")))
                .hasMessageContaining("http.authentication.users").hasMessageContaining("alice");
        assertThatThrownBy(() -> HttpSettings.of("http.", Map.of("http.authentication.method", "BASIC")))
                .hasMessageContaining("at least one user");
    }

    @Test
    void otherMethodsAre405AndMalformedRequestsAreRefusedInJson() throws Exception {
        int port = start().port();
        Raw.Answer delete = Raw.request(port, "DELETE", "/health", "127.0.0.1");
        assertThat(delete.status()).isEqualTo(405);
        assertThat(delete.header("Allow")).isEqualTo("GET, HEAD");
        Raw.Answer huge = Raw.request(port, "GET", "/health", "127.0.0.1", "X-Big: " + "a".repeat(20_000));
        assertThat(huge.status()).isEqualTo(431);
        assertThat(huge.header("Content-Type")).startsWith("application/json");
        assertThat(huge.body()).contains("\"error\"");
    }

    @Test
    void aRouteSlowerThanTheIdleTimeoutStillAnswers() throws Exception {
        int port = start(new HashMap<>(Map.of("test.request.timeout.ms", 500L))).port();
        Raw.Answer slow = Raw.get(port, "/slow");
        assertThat(slow.status()).isEqualTo(200);
        assertThat(slow.body()).contains("\"slow\":true");
    }

    @Test
    void aClientThatSendsNothingIsDisconnectedAfterTheTimeout() throws Exception {
        int port = start(new HashMap<>(Map.of("test.request.timeout.ms", 500L))).port();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write("GET /health HTTP/1.1\r\nHost: 127".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            long started = System.nanoTime();
            InputStream in = socket.getInputStream();
            Raw.readAll(in);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        }
    }
}
