package vn.chibo.pulse.registry.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static vn.chibo.pulse.registry.server.RegistryHttp.field;
import static vn.chibo.pulse.registry.server.RegistryHttp.record;
import static vn.chibo.pulse.registry.server.RegistryHttp.schemaBody;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vn.chibo.pulse.http.PasswordHash;
import vn.chibo.pulse.registry.server.RegistryHttp.Answer;

/** What every request must pass before the REST API: credentials, content type, size, Host, time. */
class RegistryEntranceTest {

    private static final int MAX_BYTES = 2_000;
    private static final String SCHEMA = schemaBody(record("Member", field("id", "string")));

    private static SchemaRegistryServer server;
    private static RegistryHttp http;

    @BeforeAll
    static void start() {
        server = SecuredRegistry.start(SchemaRegistryServerConfig.REQUEST_MAX_BYTES_CONFIG, MAX_BYTES,
                SchemaRegistryServerConfig.ALLOWED_HOSTS_CONFIG, "127.0.0.1,registry.pulse.local");
        http = new RegistryHttp(server.url(), SecuredRegistry.USER_INFO);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void withoutCredentialsIs401WithABasicChallenge() {
        Answer answer = new RegistryHttp(server.url()).get("/subjects");
        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.errorCode()).isEqualTo(401);
        assertThat(answer.headers().firstValue("WWW-Authenticate")).hasValue(
                "Basic realm=\"SchemaRegistry\", charset=\"UTF-8\"");
    }

    @Test
    void wrongPasswordOrUnknownUserIs401() {
        assertThat(new RegistryHttp(server.url(), SecuredRegistry.USER + ":wrong").get("/").status()).isEqualTo(401);
        assertThat(new RegistryHttp(server.url(), "mallory:" + SecuredRegistry.PASSWORD).get("/").status()).isEqualTo(401);
        assertThat(http.send("GET", "/", BodyPublishers.noBody(), "Authorization", "Basic !!!").status()).isEqualTo(401);
    }

    @Test
    void theRightCredentialsAreAnswered() {
        assertThat(http.post("/subjects/entrance-value/versions", SCHEMA).status()).isEqualTo(200);
        assertThat(http.get("/subjects/entrance-value/versions").body()).isEqualTo("[1]");
    }

    @Test
    void postOrPutWithAnotherContentTypeIs415() {
        for (String type : new String[] {"text/plain", "application/x-www-form-urlencoded", "application/xml"}) {
            Answer answer = http.send("POST", "/subjects/s/versions", BodyPublishers.ofString(SCHEMA), "Content-Type", type);
            assertThat(answer.status()).as(type).isEqualTo(415);
            assertThat(answer.errorCode()).isEqualTo(415);
        }
        assertThat(http.send("PUT", "/config", BodyPublishers.ofString("{\"compatibility\":\"NONE\"}"),
                "Content-Type", "text/plain").status()).isEqualTo(415);
    }

    @Test
    void everyJsonTypeConfluentConsumesIsAccepted() {
        for (String type : RequestGate.CONTENT_TYPES) {
            Answer answer = http.send("POST", "/subjects/types-value/versions", BodyPublishers.ofString(SCHEMA),
                    "Content-Type", type + "; charset=UTF-8");
            assertThat(answer.status()).as(type).isEqualTo(200);
        }
    }

    @Test
    void aBodyAboveTheLimitIs413() {
        String big = "{\"schema\":\"" + "x".repeat(MAX_BYTES) + "\"}";
        Answer declared = http.post("/subjects/s/versions", big);
        assertThat(declared.status()).isEqualTo(413);
        assertThat(declared.errorCode()).isEqualTo(413);
        assertThat(declared.message()).contains(String.valueOf(MAX_BYTES));

        // Chunked: no Content-Length to judge by, so the limit applies while reading.
        InputStream chunks = new ByteArrayInputStream(big.getBytes(StandardCharsets.UTF_8));
        Answer chunked = http.send("POST", "/subjects/s/versions", BodyPublishers.ofInputStream(() -> chunks));
        assertThat(chunked.status()).isEqualTo(413);
    }

    @Test
    void anUnknownHostNameIs400() throws Exception {
        assertThat(statusLineWithHost("evil.example:8081")).isEqualTo("HTTP/1.1 400 Bad Request");
        assertThat(statusLineWithHost("registry.pulse.local:8081")).isEqualTo("HTTP/1.1 200 OK");
    }

    /** Over a raw socket: the JDK's HttpClient does not let a caller set Host. */
    private static String statusLineWithHost(String host) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            String authorization = Base64.getEncoder().encodeToString(
                    SecuredRegistry.USER_INFO.getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().write(("GET / HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: Basic "
                    + authorization + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8)).readLine();
        }
    }

    @Test
    void noCorsHeaders() {
        Answer answer = http.send("GET", "/subjects", BodyPublishers.noBody(), "Origin", "https://evil.example");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.headers().map().keySet()).noneMatch(h -> h.toLowerCase().startsWith("access-control-"));
    }

    @Test
    void withoutAuthenticationItRefusesToListenBeyondLoopback() {
        for (String host : new String[] {"0.0.0.0", ""}) {
            assertThatThrownBy(() -> SchemaRegistryServer.startInMemory(host, 0))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("without authentication")
                    .hasMessageContaining("authentication.method=BASIC");
        }
    }

    @Test
    void basicWithoutUsersOrWithAPlainPasswordIsAConfigError() {
        assertThatThrownBy(() -> SecuredRegistry.start(SchemaRegistryServerConfig.AUTHENTICATION_USERS_CONFIG, ""))
                .isInstanceOf(ConfigException.class).hasMessageContaining("at least one user");
        assertThatThrownBy(() -> SecuredRegistry.start(SchemaRegistryServerConfig.AUTHENTICATION_USERS_CONFIG,
                "alice:hunter2")).isInstanceOf(ConfigException.class).hasMessageContaining("alice");
    }

    @Test
    void aClientTooSlowToSendItsRequestHoldsNoThreadAndIsDisconnected() throws Exception {
        try (SchemaRegistryServer slow = SecuredRegistry.start(SchemaRegistryServerConfig.HTTP_THREADS_CONFIG, 1,
                SchemaRegistryServerConfig.HTTP_QUEUE_SIZE_CONFIG, 0,
                SchemaRegistryServerConfig.REQUEST_READ_TIMEOUT_MS_CONFIG, 500);
                Socket socket = new Socket("127.0.0.1", slow.port())) {
            OutputStream out = socket.getOutputStream();
            out.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.US_ASCII)); // never finished
            out.flush();
            Thread.sleep(100);
            RegistryHttp client = new RegistryHttp(slow.url(), SecuredRegistry.USER_INFO);
            // A request still being sent holds no thread: the only one answers another client meanwhile.
            assertThat(client.get("/").status()).isEqualTo(200);

            socket.setSoTimeout(5_000);
            assertThat(socket.getInputStream().read()).as("closed after the read deadline").isEqualTo(-1);
            assertThat(client.get("/").status()).isEqualTo(200);
        }
    }

    @Test
    void passwordHashesMatchOnlyTheirPassword() {
        PasswordHash hash = PasswordHash.parse(PasswordHash.create("s3cret".toCharArray(), 1_000));
        assertThat(hash.matches("s3cret".toCharArray())).isTrue();
        assertThat(hash.matches("s3cret ".toCharArray())).isFalse();
        assertThat(PasswordHash.create("s3cret".toCharArray(), 1_000)).startsWith("pbkdf2-sha256:1000:")
                .isNotEqualTo(PasswordHash.create("s3cret".toCharArray(), 1_000));
        assertThatThrownBy(() -> PasswordHash.parse("hunter2")).isInstanceOf(IllegalArgumentException.class);
    }
}
