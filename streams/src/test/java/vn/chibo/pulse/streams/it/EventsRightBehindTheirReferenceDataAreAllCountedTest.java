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
import java.util.Random;
import java.util.TreeMap;

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

import vn.chibo.pulse.domain.Topics;
import vn.chibo.pulse.events.Branch;
import vn.chibo.pulse.events.BranchKind;
import vn.chibo.pulse.events.Commune;
import vn.chibo.pulse.events.District;
import vn.chibo.pulse.events.Grade;
import vn.chibo.pulse.events.MeetingEvent;
import vn.chibo.pulse.events.MeetingKind;
import vn.chibo.pulse.events.MeetingRecorded;
import vn.chibo.pulse.events.MemberClassified;
import vn.chibo.pulse.events.MemberEvent;
import vn.chibo.pulse.events.MemberRegistered;
import vn.chibo.pulse.events.MemberStatus;
import vn.chibo.pulse.events.ReferenceEvent;
import vn.chibo.pulse.registry.serde.KafkaAvroSerializer;
import vn.chibo.pulse.registry.server.SchemaRegistryServer;
import vn.chibo.pulse.stack.EmbeddedKafka;
import vn.chibo.pulse.streams.StreamsService;

/**
 * What `./pulse publish` of a file that starts with the reference data does, and what the province
 * simulator does: districts, communes and branches, and right behind them, with no pause, thousands
 * of member and meeting events naming those branches, into a running app on the real broker and
 * registry. The reference data reaches the app's lookup only after its own transaction commits, so
 * many events are read before their branch is visible; every one of them must still be counted.
 * (With {@code reference.wait.ms=0}, the behaviour before events waited, thousands are refused as
 * UNKNOWN_BRANCH.)
 */
class EventsRightBehindTheirReferenceDataAreAllCountedTest {
    private static final Logger log = LoggerFactory.getLogger(EventsRightBehindTheirReferenceDataAreAllCountedTest.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int DISTRICTS = 13;
    private static final int COMMUNES_PER_DISTRICT = 12;
    private static final int BRANCHES_PER_COMMUNE = 16;
    private static final int MEMBERS = 6000;
    private static final String MONTH = "2025-03";

    @TempDir
    Path dir;

    @Test
    void everyEventPublishedRightBehindItsReferenceDataIsCounted() throws Exception {
        Random random = new Random(11);
        List<ProducerRecord<String, Object>> reference = new ArrayList<>();
        List<String> branches = new ArrayList<>();
        Map<String, String> districtOf = new TreeMap<>();
        int id = 0;
        for (int d = 1; d <= DISTRICTS; d++) {
            String district = "D" + d;
            reference.add(new ProducerRecord<>(Topics.REFERENCE, "District:" + district,
                    new ReferenceEvent("r" + (++id), new District(district, "Huyện " + d))));
            for (int c = 1; c <= COMMUNES_PER_DISTRICT; c++) {
                String commune = district + "-C" + c;
                reference.add(new ProducerRecord<>(Topics.REFERENCE, "Commune:" + commune,
                        new ReferenceEvent("r" + (++id), new Commune(commune, "Xã " + commune, district))));
                for (int b = 1; b <= BRANCHES_PER_COMMUNE; b++) {
                    String branch = commune + "-B" + b;
                    reference.add(new ProducerRecord<>(Topics.REFERENCE, "Branch:" + branch,
                            new ReferenceEvent("r" + (++id), new Branch(branch, "Chi bộ " + branch, commune, BranchKind.VILLAGE))));
                    branches.add(branch);
                    districtOf.put(branch, district);
                }
            }
        }

        // What the app must count, straight from what is sent.
        Map<String, Integer> active = new TreeMap<>();
        Map<String, Integer> official = new TreeMap<>();
        Map<String, Integer> graded = new TreeMap<>();
        Map<String, Integer> regularMeetings = new TreeMap<>();
        List<ProducerRecord<String, Object>> events = new ArrayList<>();
        LocalDate date = LocalDate.parse(MONTH + "-10");
        for (int m = 1; m <= MEMBERS; m++) {
            String member = "M" + m;
            String branch = branches.get(random.nextInt(branches.size()));
            String district = districtOf.get(branch);
            MemberStatus status = random.nextInt(4) == 0 ? MemberStatus.PROBATIONARY : MemberStatus.OFFICIAL;
            events.add(new ProducerRecord<>(Topics.MEMBER_EVENTS, member,
                    new MemberEvent("e" + (++id), new MemberRegistered(member, branch, status, LocalDate.of(2020, 1, 1)))));
            active.merge(district, 1, Integer::sum);
            official.merge(district, status == MemberStatus.OFFICIAL ? 1 : 0, Integer::sum);
            if (m % 3 == 0) {
                // needs the member to be active: counted only if it keeps its place behind the registration
                events.add(new ProducerRecord<>(Topics.MEMBER_EVENTS, member,
                        new MemberEvent("e" + (++id), new MemberClassified(member, 2024, Grade.GOOD))));
                graded.merge(district, 1, Integer::sum);
            }
        }
        for (String branch : branches) {
            String meeting = "MT-" + branch + "-" + MONTH;
            events.add(new ProducerRecord<>(Topics.MEETING_EVENTS, meeting, new MeetingEvent("e" + (++id),
                    new MeetingRecorded(meeting, branch, date, MeetingKind.REGULAR, 1, 20, 18, new ArrayList<>(), false, true, null))));
            regularMeetings.merge(districtOf.get(branch), 1, Integer::sum);
        }
        // Members and meetings mixed, as a commune's systems would send them; each entity's own order kept.
        List<ProducerRecord<String, Object>> mixed = new ArrayList<>(events.size());
        List<ProducerRecord<String, Object>> meetings = events.stream().filter(r -> r.topic().equals(Topics.MEETING_EVENTS)).toList();
        List<ProducerRecord<String, Object>> members = events.stream().filter(r -> r.topic().equals(Topics.MEMBER_EVENTS)).toList();
        int mi = 0;
        for (int i = 0; i < members.size(); i++) {
            mixed.add(members.get(i));
            if (i % 10 == 0 && mi < meetings.size()) {
                mixed.add(meetings.get(mi++));
            }
        }
        mixed.addAll(meetings.subList(mi, meetings.size()));
        log.info("{} reference records, then at once {} events", reference.size(), mixed.size());

        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"));
                SchemaRegistryServer registry = SchemaRegistryServer.start("127.0.0.1", 0, kafka.bootstrapServers())) {
            TestStack.createInputTopics(kafka, 4);
            try (StreamsService app = StreamsService.start(TestStack.appSettings("pulse-reference-first", kafka,
                    registry, dir.resolve("state"), 4, 32,
                    // every branch does come: a slow machine (a CI shared with other builds) must not turn the
                    // wait into refusals; what this test proves is that none is refused once its branch is in
                    "reference.wait.ms", "180000"))) {
                assertThat(app.awaitRunning(Duration.ofSeconds(90))).as("app running").isTrue();
                log.info("app running; sending");

                KafkaAvroSerializer avro = new KafkaAvroSerializer();
                avro.configure(Map.of("schema.registry.url", registry.url()), false);
                Properties p = new Properties();
                p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
                p.put(ProducerConfig.ACKS_CONFIG, "all");
                p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
                try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
                    // serialise first, so that nothing slows the sending down between reference data and events
                    List<ProducerRecord<String, byte[]>> all = new ArrayList<>();
                    for (ProducerRecord<String, Object> r : reference) {
                        all.add(new ProducerRecord<>(r.topic(), r.key(), avro.serialize(r.topic(), r.value())));
                    }
                    for (ProducerRecord<String, Object> r : mixed) {
                        all.add(new ProducerRecord<>(r.topic(), r.key(), avro.serialize(r.topic(), r.value())));
                    }
                    all.forEach(producer::send);
                    producer.flush();
                }
                log.info("sent");

                URI api = app.queryUrl();
                long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
                JsonNode current;
                JsonNode yearly;
                JsonNode monthly;
                JsonNode rejections;
                while (true) {
                    current = get(api.resolve("api/current"));
                    yearly = get(api.resolve("api/yearly?year=2024"));
                    monthly = get(api.resolve("api/monthly?month=" + MONTH));
                    rejections = get(api.resolve("api/rejections"));
                    boolean done = sum(current, "membersActive") == MEMBERS
                            && current.path("branches").size() == branches.size()
                            && sum(yearly, "gradedGood") == MEMBERS / 3
                            && sum(monthly, "regularMeetings") == branches.size();
                    if (done || rejections.path("total").asLong() > 0 || System.nanoTime() > deadline) {
                        break;
                    }
                    Thread.sleep(250);
                }
                log.info("rejections: {}", rejections);
                assertThat(rejections.path("total").asLong()).as("refused events: " + rejections).isZero();
                assertThat(byDistrict(current, "membersActive", districtOf)).isEqualTo(active);
                assertThat(byDistrict(current, "membersOfficial", districtOf)).isEqualTo(official);
                assertThat(byDistrict(yearly, "gradedGood", districtOf)).isEqualTo(graded);
                assertThat(byDistrict(monthly, "regularMeetings", districtOf)).isEqualTo(regularMeetings);
            }
        }
    }

    private static long sum(JsonNode answer, String field) {
        JsonNode province = answer.get("province");
        return province == null ? -1 : province.path(field).asLong();
    }

    /** A field of the branch rows added up per district, where not zero. */
    private static Map<String, Integer> byDistrict(JsonNode answer, String field, Map<String, String> districtOf) {
        Map<String, Integer> values = new TreeMap<>();
        for (JsonNode row : answer.path("branches")) {
            if (row.path(field).asInt() != 0) {
                values.merge(districtOf.get(row.get("branchId").asText()), row.path(field).asInt(), Integer::sum);
            }
        }
        return values;
    }

    private static JsonNode get(URI uri) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200 ? JSON.readTree(r.body()) : JSON.createObjectNode();
    }
}
