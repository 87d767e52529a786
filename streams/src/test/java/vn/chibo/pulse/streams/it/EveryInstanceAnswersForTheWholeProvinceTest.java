package vn.chibo.pulse.streams.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import vn.chibo.pulse.domain.Topics;
import vn.chibo.pulse.events.Branch;
import vn.chibo.pulse.events.BranchKind;
import vn.chibo.pulse.events.Commune;
import vn.chibo.pulse.events.District;
import vn.chibo.pulse.events.MemberEvent;
import vn.chibo.pulse.events.MemberRegistered;
import vn.chibo.pulse.events.MemberStatus;
import vn.chibo.pulse.events.ReferenceEvent;
import vn.chibo.pulse.registry.serde.KafkaAvroSerializer;
import vn.chibo.pulse.registry.server.SchemaRegistryServer;
import vn.chibo.pulse.stack.EmbeddedKafka;
import vn.chibo.pulse.streams.StreamsService;

/**
 * Two instances of the app (one application.id, their own state dirs and query ports) on the real
 * broker share the partitions; each answers the queries for the whole province by asking the other
 * for its part. With one closed, the other holds everything after the rebalance and answers alone.
 * Each serves its Prometheus metrics (the refusals of its own partitions) and its health.
 */
class EveryInstanceAnswersForTheWholeProvinceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BRANCHES = 40;
    private static final int MEMBERS = 600;
    private static final int UNREADABLE = 30;

    @TempDir
    Path dir;

    @Test
    void bothInstancesAnswerForAllPartitionsAndOneAloneAfterTheOtherLeaves() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"));
                SchemaRegistryServer registry = SchemaRegistryServer.start("127.0.0.1", 0, kafka.bootstrapServers())) {
            TestStack.createInputTopics(kafka, 4);
            StreamsService first = start(kafka, registry, "a");
            try (StreamsService second = start(kafka, registry, "b")) {
                assertThat(first.awaitRunning(Duration.ofSeconds(120))).as("first running").isTrue();
                assertThat(second.awaitRunning(Duration.ofSeconds(120))).as("second running").isTrue();
                send(kafka, registry);

                Predicate<JsonNode> allCounted = current -> current.path("province").path("membersActive").asLong() == MEMBERS
                        && current.path("branches").size() == BRANCHES;
                Predicate<JsonNode> allRefused = r -> r.path("byReason").path("UNDESERIALIZABLE").asLong() == UNREADABLE
                        && r.path("waiting").asLong() == 0;
                for (StreamsService app : List.of(first, second)) {
                    assertThat(eventually(app.queryUrl().resolve("api/current"), allCounted)).isNotNull();
                    assertThat(eventually(app.queryUrl().resolve("api/rejections"), allRefused).path("total").asLong())
                            .isEqualTo(UNREADABLE);
                }
                // each instance's metrics count the refusals of its own partitions: together, all of them
                long refusedInMetrics = 0;
                for (StreamsService app : List.of(first, second)) {
                    String metrics = body(app.queryUrl().resolve("metrics"));
                    assertThat(metrics).contains("# TYPE pulse_rejected_events gauge", "kafka_stream_thread_process_total",
                            "kafka_consumer_fetch_manager_records_consumed_total", "jvm_memory_used_bytes");
                    refusedInMetrics += sample(metrics, "pulse_rejected_events{reason=\"UNDESERIALIZABLE\"}");
                    assertThat(status(app.queryUrl().resolve("health/ready"))).isEqualTo(200);
                    assertThat(status(app.queryUrl().resolve("health/live"))).isEqualTo(200);
                }
                assertThat(refusedInMetrics).isEqualTo(UNREADABLE);
                // the work really is shared: neither holds every branch row by itself
                long heldByFirst = JSON.readTree(body(first.queryUrl().resolve("internal/local/current"))).path("rows").size();
                assertThat(heldByFirst).isBetween(1L, BRANCHES - 1L);
            }
            try (first) {
                assertThat(eventually(first.queryUrl().resolve("api/current"), current -> current.path("province")
                        .path("membersActive").asLong() == MEMBERS)).isNotNull();
                assertThat(eventually(first.queryUrl().resolve("api/rejections"),
                        r -> r.path("total").asLong() == UNREADABLE)).isNotNull();
                assertThat(JSON.readTree(body(first.queryUrl().resolve("internal/local/current"))).path("rows").size())
                        .isEqualTo(BRANCHES);
            }
        }
    }

    private StreamsService start(EmbeddedKafka kafka, SchemaRegistryServer registry, String name) {
        return StreamsService.start(TestStack.appSettings("pulse-two-instances", kafka, registry,
                dir.resolve("state-" + name), 4, 16,
                "reference.wait.ms", "180000"));
    }

    /** One district, commune and {@value #BRANCHES} branches; members spread over them; unreadable records over every partition. */
    private static void send(EmbeddedKafka kafka, SchemaRegistryServer registry) {
        KafkaAvroSerializer avro = new KafkaAvroSerializer();
        avro.configure(Map.of("schema.registry.url", registry.url()), false);
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        records.add(reference(avro, "District:D1", new ReferenceEvent("r-d", new District("D1", "Huyện 1"))));
        records.add(reference(avro, "Commune:C1", new ReferenceEvent("r-c", new Commune("C1", "Xã 1", "D1"))));
        for (int b = 1; b <= BRANCHES; b++) {
            records.add(reference(avro, "Branch:B" + b,
                    new ReferenceEvent("r-b" + b, new Branch("B" + b, "Chi bộ " + b, "C1", BranchKind.VILLAGE))));
        }
        for (int m = 1; m <= MEMBERS; m++) {
            MemberEvent event = new MemberEvent("e" + m,
                    new MemberRegistered("M" + m, "B" + (1 + m % BRANCHES), MemberStatus.OFFICIAL, LocalDate.of(2020, 1, 1)));
            records.add(new ProducerRecord<>(Topics.MEMBER_EVENTS, "M" + m, avro.serialize(Topics.MEMBER_EVENTS, event)));
        }
        for (int i = 0; i < UNREADABLE; i++) {
            records.add(new ProducerRecord<>(Topics.MEMBER_EVENTS, "X" + i, new byte[] {1, 2, 3}));
        }
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            records.forEach(producer::send);
        }
    }

    private static ProducerRecord<String, byte[]> reference(KafkaAvroSerializer avro, String key, ReferenceEvent event) {
        return new ProducerRecord<>(Topics.REFERENCE, key, avro.serialize(Topics.REFERENCE, event));
    }

    /** The answer once it satisfies the condition (within 3 minutes), else the last one seen, which fails the assertion. */
    private static JsonNode eventually(URI uri, Predicate<JsonNode> done) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            last = r.statusCode() + " " + r.body();
            if (r.statusCode() == 200 && done.test(JSON.readTree(r.body()))) {
                return JSON.readTree(r.body());
            }
            Thread.sleep(250);
        }
        throw new AssertionError(uri + " never satisfied the condition; last answer: " + last);
    }

    /** The value of one sample line of the Prometheus text format, 0 when absent. */
    private static long sample(String metrics, String name) {
        return metrics.lines().filter(l -> l.startsWith(name + " ")).mapToLong(l -> (long) Double.parseDouble(l.substring(name.length() + 1)))
                .findFirst().orElse(0);
    }

    private static int status(URI uri) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String body(URI uri) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
