package vn.chibo.pulse.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.chibo.pulse.stack.LocalPostgres;
import vn.chibo.pulse.stack.Ports;

/**
 * While PostgreSQL is gone or refuses writes, the sink waits, says it is unhealthy, and loses
 * nothing: once PostgreSQL is back, the tables hold every update that flowed meanwhile.
 */
class PostgresOutageTest {

    @TempDir
    Path dir;
    private KafkaStack stack;
    private static final HttpClient http = HttpClient.newHttpClient();

    // each test its own topics: a sink reads them from the beginning
    @BeforeEach
    void startKafka() {
        stack = KafkaStack.start(dir, 2);
    }

    @AfterEach
    void stopKafka() {
        stack.close();
    }

    @Test
    void postgresStoppedAndStartedWhileEventsFlowLosesNothing() throws Exception {
        // a server of the test's own: the one the other tests share (TestDatabase) is never stopped
        int port = Ports.free();
        Path data = dir.resolve("postgres");
        LocalPostgres postgres = LocalPostgres.startEmbedded(data, port);
        String url = postgres.url();
        Workload workload = new Workload(4_711L, 13);
        Map<String, String> settings = quickToRetry(stack.sinkSettings(url, "outage-sink"));
        settings.put(SinkConfig.PG_USER, postgres.user());
        settings.put(SinkConfig.PG_PASSWORD, postgres.password());
        settings.put(SinkConfig.HEALTH_PORT, "0");
        String password = postgres.password();

        try (SinkService sink = SinkService.start(settings);
             KafkaProducer<String, Object> producer = stack.transactionalProducer("outage-producer")) {
            assertThat(sink.awaitRunning(Duration.ofSeconds(60))).isTrue();
            URI health = sink.healthEndpoint().orElseThrow();
            assertThat(status(health)).isEqualTo(200);

            try (EventFlow flow = new EventFlow(workload, producer)) {
                assertThat(flow.isFlowing()).isTrue();
                Eventually.within(Duration.ofSeconds(30), "rows written while PostgreSQL is up",
                        () -> Eventually.total(stored(url, password, "outage-sink")) > 500);

                postgres.close();
                Eventually.within(Duration.ofSeconds(30), "sink reports the outage", () -> !sink.health().healthy());
                assertThat(sink.health().status()).isEqualTo(SinkHealth.Status.RETRYING);
                assertThat(sink.health().problem()).contains("PostgreSQL");
                assertThat(status(health)).isEqualTo(503);

                int sentWhileDown = workload.sent();
                Eventually.within(Duration.ofSeconds(30), "events flow while PostgreSQL is down",
                        () -> workload.sent() > sentWhileDown + 1_000);

                postgres = LocalPostgres.startEmbedded(data, port);
                assertThat(postgres.url()).isEqualTo(url);
                Thread.sleep(500); // a little more flow after the return
            }

            Map<TopicPartition, Long> end = stack.nextOffsetsAfterLastCommittedRecords();
            Eventually.within(Duration.ofSeconds(60), "sink catches up", () -> end.equals(stored(url, password, "outage-sink")));
            Eventually.within(Duration.ofSeconds(10), "sink healthy again", () -> sink.health().healthy());
            assertThat(status(health)).isEqualTo(200);
            try (Connection c = DriverManager.getConnection(url, postgres.user(), postgres.password())) {
                Workload.assertSameTables(Workload.actualTables(c), workload.expectedTables());
            }
        } finally {
            postgres.close();
        }
    }

    @Test
    void postgresRefusingWritesMakesTheSinkWaitUnhealthyAndCatchUpAfterwards() throws Exception {
        Workload workload = new Workload(99L, 5);
        try (TestDatabase db = TestDatabase.create("readonly");
             KafkaProducer<String, Object> producer = stack.transactionalProducer("readonly-producer")) {
            Map<String, String> settings = quickToRetry(stack.sinkSettings(db.url(), "readonly-sink"));
            try (SinkService sink = SinkService.start(settings)) {
                assertThat(sink.awaitRunning(Duration.ofSeconds(60))).isTrue();
                workload.produce(producer, 5, 50, 0);
                Eventually.within(Duration.ofSeconds(30), "first rows", () -> Eventually.total(stored(db.url(), null, "readonly-sink")) > 0);

                // the database turns read-only, and the sink's session is cut so it must reconnect
                adminExecute("ALTER DATABASE " + db.name() + " SET default_transaction_read_only = on");
                adminExecute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + db.name()
                        + "' AND application_name = 'readonly-sink'");
                workload.produce(producer, 10, 50, 0);
                // the cut session may be reported first (57P01); the refused write comes with the next attempt
                Eventually.within(Duration.ofSeconds(30), "sink reports refused writes", () -> {
                    SinkHealth health = sink.health();
                    return !health.healthy() && health.problem() != null && health.problem().contains("25006");
                });
                long storedWhileRefused = Eventually.total(stored(db.url(), null, "readonly-sink"));
                workload.produce(producer, 10, 50, 0);
                Thread.sleep(1_000);
                assertThat(Eventually.total(stored(db.url(), null, "readonly-sink"))).isEqualTo(storedWhileRefused);

                adminExecute("ALTER DATABASE " + db.name() + " RESET default_transaction_read_only");
                Map<TopicPartition, Long> end = stack.nextOffsetsAfterLastCommittedRecords();
                Eventually.within(Duration.ofSeconds(60), "sink catches up",
                        () -> end.equals(stored(db.url(), null, "readonly-sink")));
                Eventually.within(Duration.ofSeconds(10), "sink healthy again", () -> sink.health().healthy());
                try (Connection c = db.connect()) {
                    Workload.assertSameTables(Workload.actualTables(c), workload.expectedTables());
                }
            }
        }
    }

    @Test
    void aSinkStartedBeforePostgresWaitsForItThenMigratesAndWrites() throws Exception {
        int port = Ports.free();
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/" + LocalPostgres.DATABASE;
        Map<String, String> settings = quickToRetry(stack.sinkSettings(url, "patient-sink"));
        settings.put(SinkConfig.PG_USER, LocalPostgres.EMBEDDED_USER);
        // the server asks for a password; it does not exist yet, so its password is set beforehand where it keeps it
        String password = "patient-sink-password";
        Files.writeString(dir.resolve("late-postgres.password"), password);
        settings.put(SinkConfig.PG_PASSWORD, password);
        Workload workload = new Workload(8L, 3);
        try (SinkService sink = SinkService.start(settings);
             KafkaProducer<String, Object> producer = stack.transactionalProducer("patient-producer")) {
            Eventually.within(Duration.ofSeconds(30), "sink waits for PostgreSQL",
                    () -> sink.health().status() == SinkHealth.Status.RETRYING);
            assertThat(sink.health().problem()).contains("PostgreSQL not ready");
            workload.produce(producer, 4, 25, 0);

            try (LocalPostgres postgres = LocalPostgres.startEmbedded(dir.resolve("late-postgres"), port)) {
                assertThat(sink.awaitRunning(Duration.ofSeconds(60))).isTrue();
                Map<TopicPartition, Long> end = stack.nextOffsetsAfterLastCommittedRecords();
                Eventually.within(Duration.ofSeconds(60), "sink applies what waited", () -> end.equals(stored(url, password, "patient-sink")));
                try (Connection c = DriverManager.getConnection(url, postgres.user(), postgres.password())) {
                    Workload.assertSameTables(Workload.actualTables(c), workload.expectedTables());
                }
            }
        }
    }

    private static Map<String, String> quickToRetry(Map<String, String> settings) {
        settings.put(SinkConfig.BACKOFF_MIN_MS, "50");
        settings.put(SinkConfig.BACKOFF_MAX_MS, "1000");
        settings.put(SinkConfig.IDLE_CHECK_MS, "300");
        settings.put(SinkConfig.PG_CONNECT_TIMEOUT_MS, "2000");
        settings.put(SinkConfig.PG_SOCKET_TIMEOUT_MS, "5000");
        return settings;
    }

    /** The sink's stored offsets; {@code password} null: the URL carries its own credentials. */
    private static Map<TopicPartition, Long> stored(String url, String password, String sinkName) throws SQLException {
        try (Connection c = password == null ? DriverManager.getConnection(url.contains("user=") ? url : url + "?user=postgres")
                : DriverManager.getConnection(url, LocalPostgres.EMBEDDED_USER, password)) {
            return Eventually.storedOffsets(c, sinkName);
        }
    }

    private static void adminExecute(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(TestDatabase.serverUrl()); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static int status(URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    /** Transactions of aggregate updates, sent one after the other until closed. */
    private static final class EventFlow implements AutoCloseable {
        private final ExecutorService thread = Executors.newSingleThreadExecutor();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Future<?> done;

        EventFlow(Workload workload, KafkaProducer<String, Object> producer) {
            done = thread.submit(() -> {
                while (running.get()) {
                    workload.produce(producer, 1, 50, 9);
                    Thread.sleep(10);
                }
                return null;
            });
        }

        /** Stops the flow after the transaction in progress; fails if the flow failed. */
        @Override
        public void close() {
            running.set(false);
            try {
                done.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (java.util.concurrent.ExecutionException e) {
                throw new AssertionError("the event flow failed", e.getCause());
            } finally {
                thread.shutdown();
            }
        }

        boolean isFlowing() {
            return !done.isDone();
        }
    }
}
