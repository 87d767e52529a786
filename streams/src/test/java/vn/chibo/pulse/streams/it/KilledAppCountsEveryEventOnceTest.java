package vn.chibo.pulse.streams.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import vn.chibo.pulse.aggregates.BranchCurrent;
import vn.chibo.pulse.aggregates.BranchMonthly;
import vn.chibo.pulse.aggregates.BranchName;
import vn.chibo.pulse.aggregates.BranchTransfers;
import vn.chibo.pulse.aggregates.BranchYearly;
import vn.chibo.pulse.aggregates.CommuneName;
import vn.chibo.pulse.aggregates.DistrictName;
import vn.chibo.pulse.streams.internal.Levels;
import vn.chibo.pulse.streams.levels.UnitCurrent;
import vn.chibo.pulse.domain.Topics;
import vn.chibo.pulse.events.RejectedEvent;
import vn.chibo.pulse.registry.serde.KafkaAvroSerializer;
import vn.chibo.pulse.registry.server.SchemaRegistryServer;
import vn.chibo.pulse.stack.EmbeddedKafka;
import vn.chibo.pulse.streams.testing.GroupLag;

/**
 * The app on a real broker and registry, in a child JVM that is killed with SIGKILL several times
 * while a generated history of tens of thousands of events streams in. Once it has read everything,
 * the aggregate topics and the refused events must be exactly what an independent oracle computes
 * from the same history: nothing lost, nothing counted twice.
 */
class KilledAppCountsEveryEventOnceTest {
    private static final Logger log = LoggerFactory.getLogger(KilledAppCountsEveryEventOnceTest.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MEMBERS = 5000;
    private static final int PARTITIONS = 4;
    private static final int KILLS = 4;
    private static final String APP_ID = "pulse-it";

    @TempDir
    Path dir;

    @Test
    void killedAndRestartedAppCountsEveryEventExactlyOnce() throws Exception {
        ProvinceHistory history = ProvinceHistory.generate(4_2025L, MEMBERS);
        Oracle oracle = new Oracle();
        history.reference.forEach(oracle::apply);
        history.events.forEach(oracle::apply);
        log.info("history: {} reference records, {} events; oracle expects {} refused", history.reference.size(),
                history.events.size(), oracle.totalRejections());
        assertThat(history.events.size()).isGreaterThan(20_000);

        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"));
                SchemaRegistryServer registry = SchemaRegistryServer.start("127.0.0.1", 0, kafka.bootstrapServers())) {
            TestStack.createInputTopics(kafka, PARTITIONS);
            Map<String, String> settings = TestStack.appSettings(APP_ID, kafka, registry, dir.resolve("state"),
                    PARTITIONS, 32,
                    // the reference data is in before any event is sent, so an unknown branch (B404) is truly
                    // unknown: refuse it soon, or the idle check below could come while such events still wait
                    "reference.wait.ms", "500",
                    // a killed member must leave the group soon, so that its successor gets the partitions
                    "streams.consumer.session.timeout.ms", "6000",
                    "streams.consumer.heartbeat.interval.ms", "1500");
            Path appLog = dir.resolve("app.log");

            try (Publisher publisher = new Publisher(kafka.bootstrapServers(), registry.url())) {
                publisher.send(history.reference);
                AppProcess app = AppProcess.start(settings, appLog);
                try {
                    URI api = app.awaitQueryUrl(Duration.ofSeconds(60));
                    // reference data is loaded first: wait until every branch is counted
                    int branches = oracle.current(Levels.Level.COMMUNE).values().stream().mapToInt(c -> c.getBranchesVillage()
                            + c.getBranchesStreetGroup() + c.getBranchesOther()).sum();
                    awaitJson(api.resolve("api/current"), Duration.ofSeconds(90), json -> json.path("branches").size() == branches);

                    CompletableFuture<Void> producing = CompletableFuture.runAsync(() -> publisher.sendInChunks(history.events, 6, 2500));
                    Random random = new Random(7);
                    for (int kill = 1; kill <= KILLS; kill++) {
                        long wait;
                        if (kill == 2) {
                            wait = 1500; // this one lands while the app is still starting and restoring its state
                        } else {
                            app.awaitQueryUrl(Duration.ofSeconds(60));
                            wait = 3000 + random.nextInt(4000);
                        }
                        Thread.sleep(wait);
                        log.info("kill {} of {} (SIGKILL after {} ms)", kill, KILLS, wait);
                        app.kill();
                        app = AppProcess.start(settings, appLog);
                    }
                    producing.get(5, TimeUnit.MINUTES);
                    api = app.awaitQueryUrl(Duration.ofSeconds(60));
                    try (GroupLag lag = new GroupLag(kafka.bootstrapServers(), APP_ID)) {
                        lag.awaitIdle(Topics.MEMBER_EVENTS, Duration.ofSeconds(150), Duration.ofSeconds(1), 5);
                    }

                    JsonNode current = get(api.resolve("api/current"));
                    JsonNode rejections = get(api.resolve("api/rejections"));
                    assertThat(rejections.get("total").asLong()).as("refused events counted by the app").isEqualTo(oracle.totalRejections());
                    assertThat(current.path("province").path("membersActive").asInt()).as("IQ members of the province (every commune, with a district or not)")
                            .isEqualTo(oracle.current(Levels.Level.COMMUNE).values().stream().mapToInt(UnitCurrent::getMembersActive).sum());
                } finally {
                    app.stop();
                }
            }

            try (OutputTopics out = new OutputTopics(kafka.bootstrapServers(), registry.url(), List.of(
                    Topics.BRANCH_CURRENT, Topics.BRANCH_MONTHLY, Topics.BRANCH_YEARLY, Topics.BRANCH_TRANSFERS,
                    Topics.DISTRICTS, Topics.COMMUNES, Topics.BRANCHES, Topics.REJECTED),
                    Topics.REJECTED)) {
                out.catchUp();
                // the branch figures, added up into districts in the tree as the app published it
                Levels levels = new Levels(out.<CommuneName>of(Topics.COMMUNES), out.<BranchName>of(Topics.BRANCHES));
                for (Levels.Level level : Levels.Level.values()) {
                    assertThat(nonZero(levels.allCurrent(level, out.<BranchCurrent>of(Topics.BRANCH_CURRENT)), Oracle::isZero))
                            .as("current, %s level", level).isEqualTo(nonZero(oracle.current(level), Oracle::isZero));
                    assertThat(nonZero(levels.allMonthly(level, out.<BranchMonthly>of(Topics.BRANCH_MONTHLY),
                            out.<BranchTransfers>of(Topics.BRANCH_TRANSFERS)), Oracle::isZero))
                            .as("monthly, %s level", level).isEqualTo(nonZero(oracle.monthly(level), Oracle::isZero));
                    assertThat(nonZero(levels.allYearly(level, out.<BranchYearly>of(Topics.BRANCH_YEARLY)), Oracle::isZero))
                            .as("yearly, %s level", level).isEqualTo(nonZero(oracle.yearly(level), Oracle::isZero));
                }
                Map<String, String> names = new TreeMap<>();
                out.<DistrictName>of(Topics.DISTRICTS).forEach((k, v) -> names.put(k, v.getDistrictName()));
                assertThat(names).isEqualTo(oracle.districtNames());

                assertThat(out.rejectedByReason()).isEqualTo(oracle.rejections);
                Set<String> sources = new HashSet<>();
                for (var r : out.rejected) {
                    RejectedEvent e = (RejectedEvent) r.value();
                    assertThat(sources.add(e.getSourceTopic() + "-" + e.getSourcePartition() + "@" + e.getSourceOffset()))
                            .as("each refused record is sent once").isTrue();
                }
            }
        }
    }

    /** Drops rows whose counts are all zero: a missing row means zero. */
    private static <V> Map<String, V> nonZero(Map<String, V> rows, Predicate<Object> isZero) {
        Map<String, V> kept = new TreeMap<>();
        rows.forEach((k, v) -> {
            if (!isZero.test(v)) {
                kept.put(k, v);
            }
        });
        return kept;
    }

    private static JsonNode get(URI uri) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            return JSON.createObjectNode();
        }
        return JSON.readTree(r.body());
    }

    private static void awaitJson(URI uri, Duration timeout, Predicate<JsonNode> condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (condition.test(get(uri))) {
                    return;
                }
            } catch (java.io.IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("condition on " + uri + " not met within " + timeout + ": " + get(uri));
    }

    /** Sends the history as publishers would: keyed, Avro in the registry's wire format, or raw bytes. */
    private static final class Publisher implements AutoCloseable {
        private final KafkaProducer<String, byte[]> producer;
        private final KafkaAvroSerializer avro = new KafkaAvroSerializer();

        Publisher(String bootstrap, String registryUrl) {
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
            producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
            avro.configure(Map.of("schema.registry.url", registryUrl), false);
        }

        void send(List<ProvinceHistory.Sent> records) {
            for (ProvinceHistory.Sent s : records) {
                byte[] value = s.value() instanceof byte[] raw ? raw : avro.serialize(s.topic(), s.value());
                producer.send(new ProducerRecord<>(s.topic(), s.key(), value));
            }
            producer.flush();
        }

        void sendInChunks(List<ProvinceHistory.Sent> records, int chunks, long pauseMs) {
            int size = (records.size() + chunks - 1) / chunks;
            for (int from = 0; from < records.size(); from += size) {
                send(new ArrayList<>(records.subList(from, Math.min(records.size(), from + size))));
                log.info("sent {} of {} events", Math.min(records.size(), from + size), records.size());
                try {
                    Thread.sleep(pauseMs);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        @Override
        public void close() {
            producer.close();
        }
    }
}
