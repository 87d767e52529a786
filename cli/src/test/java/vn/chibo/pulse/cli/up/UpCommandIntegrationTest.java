package vn.chibo.pulse.cli.up;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vn.chibo.pulse.cli.Endpoints;
import vn.chibo.pulse.domain.Topics;
import vn.chibo.pulse.stack.Ports;

/** {@code ./pulse up} as a real process on real ports: the broker, PostgreSQL and the rest. */
class UpCommandIntegrationTest {

    private static final Duration START = Duration.ofSeconds(120);
    private static final Duration STOP = Duration.ofSeconds(60);
    /** The exit status of a JVM ended by SIGTERM after its shutdown hooks ran. */
    private static final int SIGTERM_EXIT = 143;

    @TempDir
    Path work;

    /** Every port free and chosen by the system, so tests never collide with a running stack. */
    private List<String> up(String... more) {
        List<String> args = new ArrayList<>(List.of("--state-dir", work.resolve("state").toString(), "up",
                "--kafka-port", "0", "--kafka-controller-port", "0", "--registry-port", "0",
                "--dashboard-port", "0", "--pg-port", "0", "--no-simulator"));
        args.addAll(List.of(more));
        return args;
    }

    @Test
    void aSecondUpKeepsTheRecordsSchemasAndTablesOfTheFirst() throws Exception {
        Map<String, String> first;
        String schemaId;
        try (PulseProcess pulse = PulseProcess.start(work, up().toArray(String[]::new))) {
            pulse.awaitOut(line -> line.startsWith("ready"), START);
            first = Endpoints.read(work.resolve("state").resolve(Endpoints.FILE_NAME));
            assertThat(first).containsKeys(Endpoints.KAFKA_BOOTSTRAP, Endpoints.REGISTRY_URL, Endpoints.PG_URL,
                    Endpoints.PG_USER, Endpoints.STREAMS_URL, Endpoints.DASHBOARD_URL);
            assertThat(pulse.out()).anyMatch(line -> line.contains(first.get(Endpoints.KAFKA_BOOTSTRAP)))
                    .anyMatch(line -> line.contains(first.get(Endpoints.REGISTRY_URL)))
                    .anyMatch(line -> line.contains(first.get(Endpoints.PG_URL)))
                    .anyMatch(line -> line.contains(first.get(Endpoints.DASHBOARD_URL)));
            HttpResponse<String> page = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(first.get(Endpoints.DASHBOARD_URL))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));

            assertPipelineTopics(first.get(Endpoints.KAFKA_BOOTSTRAP));
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, first.get(Endpoints.KAFKA_BOOTSTRAP)),
                    new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>("up-test.kept", "D01", "Huyện Đức Thọ")).get();
            }
            HttpResponse<String> registered = http(first.get(Endpoints.REGISTRY_URL) + "/subjects/up-test-value/versions",
                    "{\"schema\":\"{\\\"type\\\":\\\"string\\\"}\"}");
            assertThat(registered.statusCode()).as(registered.body()).isEqualTo(200);
            schemaId = registered.body().replaceAll("\\D", "");
            try (Connection c = DriverManager.getConnection(first.get(Endpoints.PG_URL), first.get(Endpoints.PG_USER),
                    first.get(Endpoints.PG_PASSWORD)); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE up_test_kept (district text)");
                s.execute("INSERT INTO up_test_kept VALUES ('Huyện Đức Thọ')");
            }

            assertPasswordKept(first);

            assertThat(pulse.terminate(STOP)).isEqualTo(SIGTERM_EXIT);
            assertThat(pulse.out()).contains("stopped");
            assertThat(pulse.err()).noneMatch(line -> line.contains("Exception"));
            assertThat(pulse.out()).noneMatch(line -> line.contains(first.get(Endpoints.PG_PASSWORD)));
            assertThat(pulse.err()).noneMatch(line -> line.contains(first.get(Endpoints.PG_PASSWORD)));
        }
        assertThat(Ports.isFree(portOf(first.get(Endpoints.KAFKA_BOOTSTRAP)))).as("broker stopped").isTrue();
        assertThat(Ports.isFree(portOf(first.get(Endpoints.PG_URL)))).as("PostgreSQL stopped").isTrue();

        try (PulseProcess again = PulseProcess.start(work, up().toArray(String[]::new))) {
            again.awaitOut(line -> line.startsWith("ready"), START);
            Map<String, String> second = Endpoints.read(work.resolve("state").resolve(Endpoints.FILE_NAME));
            assertThat(readAll(second.get(Endpoints.KAFKA_BOOTSTRAP), "up-test.kept")).containsExactly("D01=Huyện Đức Thọ");
            HttpResponse<String> schema = http(second.get(Endpoints.REGISTRY_URL) + "/schemas/ids/" + schemaId, null);
            assertThat(schema.statusCode()).as(schema.body()).isEqualTo(200);
            assertThat(schema.body()).contains("string");
            try (Connection c = DriverManager.getConnection(second.get(Endpoints.PG_URL), second.get(Endpoints.PG_USER),
                    second.get(Endpoints.PG_PASSWORD)); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT district FROM up_test_kept")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("Huyện Đức Thọ");
            }
            assertThat(again.terminate(STOP)).isEqualTo(SIGTERM_EXIT);
        }
    }

    /**
     * The embedded PostgreSQL asks for the generated password, which only the endpoints file (0600 from
     * its creation) and the password file hold: not the output, not the log.
     */
    private void assertPasswordKept(Map<String, String> endpoints) throws Exception {
        String password = endpoints.get(Endpoints.PG_PASSWORD);
        assertThat(password).isNotBlank();
        assertThat(Files.getPosixFilePermissions(work.resolve("state").resolve(Endpoints.FILE_NAME)))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThatThrownBy(() -> DriverManager.getConnection(endpoints.get(Endpoints.PG_URL), endpoints.get(Endpoints.PG_USER), "").close())
                .as("no password, no connection").isInstanceOf(java.sql.SQLException.class).hasMessageContaining("password");
        try (Stream<Path> logs = Files.list(work.resolve("state").resolve("logs"))) {
            for (Path log : logs.toList()) {
                assertThat(Files.readString(log, java.nio.charset.StandardCharsets.ISO_8859_1)).as("%s", log).doesNotContain(password);
            }
        }
    }

    @Test
    void upRefusesWithOneClearLineWhenAPortIsTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = taken.getLocalPort();
            List<String> args = up("--registry-port", String.valueOf(port));
            try (PulseProcess pulse = PulseProcess.start(work, args.toArray(String[]::new))) {
                assertThat(pulse.awaitExit(STOP)).isEqualTo(1);
                assertThat(pulse.err()).containsExactly("pulse up: port " + port + " (registry.port) on 127.0.0.1"
                        + " is already in use; stop what holds it (another ./pulse up?) or choose another port"
                        + " with --registry-port <port> (0 = any free port)");
                assertThat(pulse.out()).noneMatch(line -> line.startsWith("ready"));
            }
        }
    }

    @Test
    void aComponentThatFailsStopsTheOthersAndSaysWhyOnOneLine() throws Exception {
        int nobodyListens = Ports.free();
        String url = "jdbc:postgresql://127.0.0.1:" + nobodyListens + "/pulse";
        List<String> args = new ArrayList<>(List.of("--pg-url", url));
        args.addAll(up());
        try (PulseProcess pulse = PulseProcess.start(work, args.toArray(String[]::new))) {
            assertThat(pulse.awaitExit(START)).isEqualTo(1);
            assertThat(pulse.err()).hasSize(1);
            assertThat(pulse.err().get(0))
                    .startsWith("pulse up: postgres failed to start: PostgreSQL at " + url + " does not answer: ")
                    .endsWith("(details in " + work.resolve("state").resolve("logs").resolve("up.log") + ")");
            assertThat(pulse.out()).anyMatch(line -> line.contains("kafka") && line.contains("started"))
                    .noneMatch(line -> line.startsWith("ready"));
        }
    }

    private static void assertPipelineTopics(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            List<String> names = new ArrayList<>(List.of(Topics.REFERENCE, Topics.MEMBER_EVENTS, Topics.MEETING_EVENTS, Topics.REJECTED,
                    Topics.BRANCH_CURRENT, Topics.BRANCH_MONTHLY, Topics.BRANCH_YEARLY, Topics.BRANCH_TRANSFERS,
                    Topics.DISTRICTS, Topics.COMMUNES, Topics.BRANCHES));
            Map<String, TopicDescription> topics = admin.describeTopics(names).allTopicNames().get();
            assertThat(topics.get(Topics.REFERENCE).partitions()).hasSize(1);
            assertThat(topics.get(Topics.MEMBER_EVENTS).partitions()).hasSize(3);
            assertThat(topics.get(Topics.BRANCH_MONTHLY).partitions()).hasSize(3);
            List<ConfigResource> aggregates = names.subList(4, names.size()).stream()
                    .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
            ConfigResource events = new ConfigResource(ConfigResource.Type.TOPIC, Topics.MEETING_EVENTS);
            List<ConfigResource> described = new ArrayList<>(aggregates);
            described.add(events);
            var configs = admin.describeConfigs(described).all().get();
            for (ConfigResource aggregate : aggregates) {
                assertThat(configs.get(aggregate).get("cleanup.policy").value()).as(aggregate.name()).isEqualTo("compact");
            }
            assertThat(configs.get(events).get("retention.ms").value()).isEqualTo("-1");
        }
    }

    private static List<String> readAll(String bootstrap, String topic) {
        List<String> seen = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "up-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (seen.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    seen.add(r.key() + "=" + r.value());
                }
            }
        }
        return seen;
    }

    private static HttpResponse<String> http(String url, String postBody) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        if (postBody != null) {
            request.header("Content-Type", "application/vnd.schemaregistry.v1+json")
                    .POST(HttpRequest.BodyPublishers.ofString(postBody));
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int portOf(String endpoint) {
        String rest = endpoint.substring(endpoint.lastIndexOf(':') + 1);
        int slash = rest.indexOf('/');
        return Integer.parseInt(slash < 0 ? rest : rest.substring(0, slash));
    }
}
