package vn.chibo.pulse.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import vn.chibo.pulse.dashboard.DashboardConfig;
import vn.chibo.pulse.dashboard.DashboardServer;
import vn.chibo.pulse.domain.EventJson;
import vn.chibo.pulse.domain.EventRules;
import vn.chibo.pulse.domain.ParsedEvent;
import vn.chibo.pulse.domain.Topics;
import vn.chibo.pulse.producers.CommunePublisher;
import vn.chibo.pulse.producers.CommunePublisherConfig;
import vn.chibo.pulse.producers.simulator.EventGenerator;
import vn.chibo.pulse.producers.simulator.ProvinceSimulator;
import vn.chibo.pulse.producers.simulator.Scale;
import vn.chibo.pulse.producers.simulator.SimulatedEvent;
import vn.chibo.pulse.registry.server.SchemaRegistryServer;
import vn.chibo.pulse.sink.SinkConfig;
import vn.chibo.pulse.sink.SinkProcess;
import vn.chibo.pulse.sink.TestDatabase;
import vn.chibo.pulse.stack.EmbeddedKafka;
import vn.chibo.pulse.streams.it.AppProcess;

/**
 * Issue 16: two streams instances and two sinks, each a child JVM on the real broker, registry and
 * PostgreSQL. While a generated province streams in, one streams instance and then one sink (the
 * two share the partitions, docs/sink.md) are killed with SIGKILL and restarted; the other sink
 * must take over the killed one's partitions. Afterwards reconcile, which recomputes every relation from the
 * event log by itself, must find PostgreSQL equal; and the board's JSON API (the dashboard, over
 * PostgreSQL) must have answered every request meanwhile.
 *
 * <p>How stale the board was is measured, not asserted: a probe member is admitted to a branch of
 * its own every {@value #PROBE_EVERY_MS} ms, and each answer of the board (and of the streams query
 * API, through whichever instance answers) says how many probes it counts; an answer counting n of
 * them is stale by the time since probe n+1 was published. The figures are printed per phase, once
 * without and once with a standby replica.
 */
class KilledInstancesLoseNothingWhileTheBoardAnswersTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final String APPLICATION_ID = "pulse-failover-it";
    private static final String SINK_NAME = "pulse-failover-it-sink";
    private static final int PARTITIONS = 4;
    private static final long PROBE_EVERY_MS = 200;
    private static final int EVENTS_PER_SECOND = 150;
    private static final String PROBE_BRANCH = "BPROBE";

    @TempDir
    Path dir;

    @ParameterizedTest(name = "num.standby.replicas={0}")
    @ValueSource(ints = {0, 1})
    void killedStreamsAndSinkInstancesLoseNothingAndTheBoardKeepsAnswering(int standbys) throws Exception {
        List<SimulatedEvent> generated = EventGenerator.until(ProvinceSimulator.synthetic(Scale.of(3, 150, 8_000), 16L,
                LocalDate.of(2026, 6, 1), 0.01, 0.01), LocalDate.of(2026, 11, 30)).toList();
        List<SpecificRecord> reference = generated.stream().filter(e -> e.phase() == SimulatedEvent.Phase.REFERENCE)
                .map(SimulatedEvent::envelope).toList();
        List<SpecificRecord> events = generated.stream().filter(e -> e.phase() != SimulatedEvent.Phase.REFERENCE)
                .map(SimulatedEvent::envelope).toList();

        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"));
                SchemaRegistryServer registry = SchemaRegistryServer.start("127.0.0.1", 0, kafka.bootstrapServers());
                TestDatabase database = TestDatabase.create("failover" + standbys);
                CommunePublisher publisher = new CommunePublisher(Map.of(
                        CommunePublisherConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                        CommunePublisherConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.url(),
                        // the simulator's invalid events are sent too, for the pipeline to refuse them
                        CommunePublisherConfig.VALIDATE_EVENTS_CONFIG, false))) {
            kafka.createTopic(Topics.REFERENCE, 1, "retention.ms", "-1");
            kafka.createTopic(Topics.MEMBER_EVENTS, PARTITIONS, "retention.ms", "-1");
            kafka.createTopic(Topics.MEETING_EVENTS, PARTITIONS, "retention.ms", "-1");
            publish(publisher, reference);
            publishLines(publisher,
                    "{\"type\":\"District\",\"eventId\":\"probe-d\",\"code\":\"DPROBE\",\"name\":\"Huyện đo\"}",
                    "{\"type\":\"Commune\",\"eventId\":\"probe-c\",\"code\":\"CPROBE\",\"name\":\"Xã đo\",\"districtCode\":\"DPROBE\"}",
                    "{\"type\":\"Branch\",\"eventId\":\"probe-b\",\"id\":\"" + PROBE_BRANCH
                            + "\",\"name\":\"Chi bộ đo\",\"communeCode\":\"CPROBE\",\"kind\":\"VILLAGE\"}");

            // the children's logs outlive the test, for a failure to be read
            Path logs = Files.createDirectories(Path.of("target", "failover-it", "standby-" + standbys));
            Instances streams = new Instances("streams", (name, log) -> AppProcess.start(streamsSettings(kafka, registry, name, standbys),
                    logs.resolve(log)));
            Instances sinks = new Instances("sink", (name, log) -> SinkProcess.start(sinkSettings(kafka, registry, database, name),
                    logs.resolve(log)));
            try (streams; sinks) {
                streams.start("a");
                streams.start("b");
                sinks.start("1");
                sinks.start("2");
                URI survivor = streams.awaitQueryUrl("b");
                streams.awaitQueryUrl("a");
                Map<String, Object> boardSettings = new HashMap<>(Map.of(
                        DashboardConfig.PORT, "0",
                        DashboardConfig.STREAMS_URL, survivor.toString()));
                // the password beside the URL: the dashboard's configuration prints its URL
                database.login().putInto(boardSettings, DashboardConfig.PG_URL, DashboardConfig.PG_USER, DashboardConfig.PG_PASSWORD);
                try (DashboardServer board = DashboardServer.start(new DashboardConfig(boardSettings))) {
                    URI probeOnBoard = URI.create(board.url()).resolve("api/branch?code=" + PROBE_BRANCH);
                    Staleness watch = new Staleness();
                    Probes probes = new Probes(publisher);
                    probes.next(); // the branch is on the board once it counts the first probe
                    awaitCount(probeOnBoard, 1, Duration.ofMinutes(3));

                    Thread boardWatcher = new Thread(() -> watch.watchBoard(probes, probeOnBoard), "board-watcher");
                    Thread streamsWatcher = new Thread(() -> watch.watchStreams(probes, streams), "streams-watcher");
                    boardWatcher.start();
                    streamsWatcher.start();
                    Thread prober = new Thread(probes::run, "prober");
                    prober.start();
                    CompletableFuture<Void> flow = CompletableFuture.runAsync(() -> publishPaced(publisher, events));
                    try {
                        watch.phase("steady");
                        Thread.sleep(8_000);
                        watch.phase("streams instance killed");
                        streams.kill("a");
                        Thread.sleep(2_000);
                        streams.start("a");
                        streams.awaitQueryUrl("a");
                        Thread.sleep(15_000);
                        watch.phase("sink killed");
                        // both write their share; the survivor must be given the killed one's partitions
                        int before = sinks.awaitPartitions("2", n -> n > 0);
                        sinks.kill("1");
                        sinks.awaitPartitions("2", n -> n > before);
                        Thread.sleep(2_000);
                        sinks.start("1");
                        Thread.sleep(10_000);
                        flow.get(5, TimeUnit.MINUTES);
                    } finally {
                        probes.stop();
                        prober.join();
                    }
                    try {
                        awaitCount(probeOnBoard, probes.sent(), Duration.ofMinutes(5));
                    } finally {
                        watch.stop();
                        boardWatcher.join();
                        streamsWatcher.join();
                        System.out.printf("FAILOVER num.standby.replicas=%d: %,d events and %d probes; %s%n", standbys,
                                events.size(), probes.sent(), watch.report());
                    }

                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    ByteArrayOutputStream err = new ByteArrayOutputStream();
                    Map<String, String> endpoints = new HashMap<>(Map.of(
                            "kafka.bootstrap", kafka.bootstrapServers(),
                            "registry.url", registry.url(),
                            "streams.url", survivor.toString()));
                    database.login().putInto(endpoints, "pg.url", "pg.user", "pg.password");
                    int status = ReconcileCommand.run(List.of("--application-id", APPLICATION_ID, "--sink-name", SINK_NAME,
                            "--timeout", "240", "--no-progress", "--json"), endpoints,
                            new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

                    String report = out.toString(StandardCharsets.UTF_8);
                    assertThat(status).as(report + err.toString(StandardCharsets.UTF_8)).isZero();
                    assertThat(JSON.readTree(report).get("agreed").asBoolean()).isTrue();
                    long read = 0;
                    for (JsonNode perTopic : JSON.readTree(report).get("eventsRead")) {
                        read += perTopic.asLong();
                    }
                    assertThat(read).as("events reconcile read").isGreaterThan(events.size());
                    assertThat(watch.boardAnswers).as("the board answered").isGreaterThan(100);
                    assertThat(watch.boardFailures).as("requests the board did not answer with its figures: %s",
                            watch.lastBoardFailure).isZero();
                    assertThat(watch.streamsUnanswered).as("polls no streams instance answered at all").isZero();
                }
            }
        }
    }

    private Map<String, String> streamsSettings(EmbeddedKafka kafka, SchemaRegistryServer registry, String name, int standbys) {
        return Map.of(
                "application.id", APPLICATION_ID,
                "bootstrap.servers", kafka.bootstrapServers(),
                "schema.registry.url", registry.url(),
                "state.dir", dir.resolve("state-" + name).toString(),
                "topics.partitions", Integer.toString(PARTITIONS),
                "rocksdb.memory.mb", "16",
                "num.standby.replicas", Integer.toString(standbys),
                "reference.wait.ms", "5000",
                // a killed member must leave the group soon, so that the other gets its partitions
                "streams.consumer.session.timeout.ms", "6000",
                "streams.consumer.heartbeat.interval.ms", "1500");
    }

    private static Map<String, String> sinkSettings(EmbeddedKafka kafka, SchemaRegistryServer registry, TestDatabase database,
            String name) {
        return Map.of(
                SinkConfig.KAFKA_BOOTSTRAP, kafka.bootstrapServers(),
                SinkConfig.REGISTRY_URL, registry.url(),
                SinkConfig.PG_URL, database.url(),
                SinkConfig.GROUP_ID, SINK_NAME,
                SinkConfig.CLIENT_ID, "pulse-sink-" + name,
                SinkConfig.METADATA_REFRESH_MS, "1000");
    }

    private static void publish(CommunePublisher publisher, List<SpecificRecord> envelopes) {
        envelopes.forEach(e -> publisher.publish(ParsedEvent.of(e)));
        publisher.flush();
    }

    private static void publishLines(CommunePublisher publisher, String... lines) {
        for (String line : lines) {
            publisher.publish(EventJson.parse(line, EventRules.today()).event());
        }
        publisher.flush();
    }

    /** {@value #EVENTS_PER_SECOND} events a second, as live traffic comes, not as a backlog. */
    private static void publishPaced(CommunePublisher publisher, List<SpecificRecord> events) {
        int chunk = EVENTS_PER_SECOND / 10;
        long start = System.nanoTime();
        for (int from = 0; from < events.size(); from += chunk) {
            publish(publisher, events.subList(from, Math.min(events.size(), from + chunk)));
            long due = start + TimeUnit.MILLISECONDS.toNanos(100L * (from / chunk + 1));
            sleepNanos(due - System.nanoTime());
        }
    }

    private static void awaitCount(URI probeOnBoard, int count, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        int last = -1;
        while (System.nanoTime() < deadline) {
            last = probesCounted(probeOnBoard);
            if (last == count) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the board counted " + last + " probe members, not " + count + ", within " + timeout);
    }

    /** Members the board counts in the probe branch; -1 when it gives no figures. */
    private static int probesCounted(URI probeOnBoard) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(probeOnBoard).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? JSON.readTree(r.body()).at("/unit/current/membersActive").asInt(-1) : -1;
        } catch (Exception e) {
            return -1;
        }
    }

    private static void sleepNanos(long nanos) {
        if (nanos > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(nanos);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Probe members admitted to the probe branch, one every {@value #PROBE_EVERY_MS} ms, with when each was sent. */
    private static final class Probes {
        private final CommunePublisher publisher;
        private final List<Long> sentAt = new ArrayList<>();
        private volatile boolean running = true;

        Probes(CommunePublisher publisher) {
            this.publisher = publisher;
        }

        void run() {
            while (running) {
                next();
                sleepNanos(TimeUnit.MILLISECONDS.toNanos(PROBE_EVERY_MS));
            }
        }

        void next() {
            int n;
            synchronized (this) {
                n = sentAt.size() + 1;
                sentAt.add(System.nanoTime());
            }
            publishLines(publisher, "{\"type\":\"MemberAdmitted\",\"eventId\":\"probe-" + n + "\",\"memberId\":\"PROBE" + n
                    + "\",\"branchId\":\"" + PROBE_BRANCH + "\",\"date\":\"2026-11-15\"}");
        }

        void stop() {
            running = false;
        }

        synchronized int sent() {
            return sentAt.size();
        }

        /** How long an answer counting {@code counted} probes, received at {@code now}, lags behind: since the first probe it misses. */
        synchronized long staleMillis(int counted, long now) {
            return counted < sentAt.size() ? TimeUnit.NANOSECONDS.toMillis(now - sentAt.get(counted)) : 0;
        }
    }

    /** Polls the board and the streams query API, each every 100 ms, and keeps the worst staleness per phase. */
    private static final class Staleness {
        private static final int BOARD = 0;
        private static final int STREAMS = 1;
        private static final int STREAMS_GAP = 2;
        private final Map<String, long[]> worst = new java.util.LinkedHashMap<>();
        private volatile String phase = "start";
        private volatile boolean running = true;
        volatile int boardAnswers;
        volatile int boardFailures;
        volatile String lastBoardFailure = "";
        volatile int streamsUnanswered;
        volatile int streamsLastCounted = -1;

        void phase(String name) {
            phase = name;
        }

        void stop() {
            running = false;
        }

        void watchBoard(Probes probes, URI probeOnBoard) {
            while (running) {
                int counted = probesCounted(probeOnBoard);
                if (counted < 0) {
                    boardFailures++;
                    lastBoardFailure = phase;
                } else {
                    boardAnswers++;
                    record(BOARD, probes.staleMillis(counted, System.nanoTime()));
                }
                sleepNanos(TimeUnit.MILLISECONDS.toNanos(100));
            }
        }

        /** Asks every instance in turn; the freshest answer counts, as the board would take any. */
        void watchStreams(Probes probes, Instances streams) {
            long lastAnswer = System.nanoTime();
            while (running) {
                int counted = -1;
                boolean answered = false;
                for (URI api : streams.queryUrls()) {
                    try {
                        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(api.resolve("api/current"))
                                .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
                        answered = true;
                        if (r.statusCode() == 200) {
                            for (JsonNode b : JSON.readTree(r.body()).path("branches")) {
                                if (PROBE_BRANCH.equals(b.path("branchId").asText())) {
                                    counted = Math.max(counted, b.path("membersActive").asInt());
                                }
                            }
                        }
                    } catch (Exception e) {
                        // this instance is down: another may answer
                    }
                }
                long now = System.nanoTime();
                if (!answered) {
                    streamsUnanswered++;
                }
                if (counted >= 0) {
                    streamsLastCounted = counted;
                    record(STREAMS, probes.staleMillis(counted, now));
                    lastAnswer = now;
                } else {
                    record(STREAMS_GAP, TimeUnit.NANOSECONDS.toMillis(now - lastAnswer));
                }
                sleepNanos(TimeUnit.MILLISECONDS.toNanos(100));
            }
        }

        private synchronized void record(int what, long millis) {
            long[] w = worst.computeIfAbsent(phase, p -> new long[3]);
            w[what] = Math.max(w[what], millis);
        }

        synchronized String report() {
            StringBuilder s = new StringBuilder("longest staleness per phase (board over PostgreSQL / streams query API"
                    + " / longest time without figures from the streams API):");
            worst.forEach((p, w) -> s.append(String.format(" [%s: %,d ms / %,d ms / %,d ms]", p, w[BOARD], w[STREAMS], w[STREAMS_GAP])));
            return s.append(String.format("; board answered %d requests, failed %d; the streams API counted %d probes last",
                    boardAnswers, boardFailures, streamsLastCounted)).toString();
        }
    }

    /** Named child processes of one kind; a killed one is replaced under the same name, as a supervisor would. */
    private static final class Instances implements AutoCloseable {
        interface Starter {
            AutoCloseable start(String name, String logFile) throws Exception;
        }

        private final String kind;
        private final Starter starter;
        private final Map<String, AutoCloseable> running = new HashMap<>();
        private final Map<String, URI> queryUrls = new java.util.TreeMap<>();
        private int started;

        Instances(String kind, Starter starter) {
            this.kind = kind;
            this.starter = starter;
        }

        synchronized void start(String name) throws Exception {
            started++;
            running.put(name, starter.start(name, kind + "-" + name + "-" + started + ".log"));
        }

        /** Waits until the streams instance listens, and remembers where. */
        URI awaitQueryUrl(String name) throws Exception {
            AppProcess app;
            synchronized (this) {
                app = (AppProcess) running.get(name);
            }
            URI url = app.awaitQueryUrl(Duration.ofMinutes(2));
            synchronized (this) {
                queryUrls.put(name, url);
            }
            return url;
        }

        /** Where the streams instances answer or last answered (a killed one's until it is back). */
        synchronized List<URI> queryUrls() {
            return List.copyOf(queryUrls.values());
        }

        /**
         * Waits until the partitions sink {@code name} last said it writes ("this sink now writes N
         * partitions", PartitionPositions) satisfy {@code wanted}; returns that number.
         */
        int awaitPartitions(String name, IntPredicate wanted) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            SinkProcess sink;
            synchronized (this) {
                sink = (SinkProcess) running.get(name);
            }
            Pattern said = Pattern.compile("this sink now writes (\\d+) partitions");
            while (true) {
                Matcher m = said.matcher(sink.log());
                int last = -1;
                while (m.find()) {
                    last = Integer.parseInt(m.group(1));
                }
                if (last >= 0 && wanted.test(last)) {
                    System.out.printf("sink %s writes %d partitions%n", name, last);
                    return last;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("sink " + name + " last said it writes " + last + " partitions");
                }
                Thread.sleep(100);
            }
        }

        void kill(String name) throws Exception {
            AutoCloseable p;
            synchronized (this) {
                p = running.get(name);
            }
            if (p instanceof AppProcess app) {
                app.kill();
            } else {
                ((SinkProcess) p).kill();
            }
            System.out.printf("%s %s killed (SIGKILL)%n", kind, name);
        }

        @Override
        public synchronized void close() throws Exception {
            for (AutoCloseable p : running.values()) {
                if (p instanceof AppProcess app) {
                    app.stop();
                } else {
                    p.close();
                }
            }
        }
    }
}
