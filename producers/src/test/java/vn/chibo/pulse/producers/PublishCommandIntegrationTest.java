package vn.chibo.pulse.producers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import vn.chibo.pulse.domain.EventJson;
import vn.chibo.pulse.domain.EventRules;
import vn.chibo.pulse.domain.ParsedEvent;
import vn.chibo.pulse.domain.RejectionReason;
import vn.chibo.pulse.domain.Topics;
import vn.chibo.pulse.events.MeetingEvent;
import vn.chibo.pulse.events.MeetingKind;
import vn.chibo.pulse.events.MeetingRecorded;
import vn.chibo.pulse.events.MemberAdmitted;
import vn.chibo.pulse.events.MemberEvent;
import vn.chibo.pulse.producers.internal.Endpoints;
import vn.chibo.pulse.producers.internal.JsonLines;

/** publish, import-meetings and the publishing library against a real broker and a real schema registry. */
class PublishCommandIntegrationTest {
    @RegisterExtension
    static final RealStack stack = new RealStack();

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Reference data, then members and meetings interleaved, several events per key. */
    static List<String> mixedFile(String run) {
        List<String> lines = new ArrayList<>();
        lines.add("{\"type\":\"District\",\"eventId\":\"" + run + "-d\",\"code\":\"" + run + "D\",\"name\":\"Huyện Đức Thọ\"}");
        lines.add("{\"type\":\"Commune\",\"eventId\":\"" + run + "-c\",\"code\":\"" + run + "C\",\"name\":\"Xã Tùng Ảnh\",\"districtCode\":\"" + run + "D\"}");
        for (int b = 0; b < 3; b++) {
            lines.add("{\"type\":\"Branch\",\"eventId\":\"" + run + "-b" + b + "\",\"id\":\"" + run + "B" + b + "\",\"name\":\"Chi bộ thôn "
                    + b + "\",\"communeCode\":\"" + run + "C\",\"kind\":\"VILLAGE\"}");
        }
        for (int step = 0; step < 4; step++) {
            for (int m = 0; m < 25; m++) {
                String member = run + "-M" + m;
                String e = "\"eventId\":\"" + run + "-m" + m + "-" + step + "\",\"memberId\":\"" + member + "\"";
                lines.add(switch (step) {
                    case 0 -> "{\"type\":\"MemberAdmitted\"," + e + ",\"branchId\":\"" + run + "B0\",\"date\":\"2025-01-0" + (1 + m % 9) + "\"}";
                    case 1 -> "{\"type\":\"MemberTransferred\"," + e + ",\"fromBranchId\":\"" + run + "B0\",\"toBranchId\":\"" + run
                            + "B1\",\"status\":null,\"date\":\"2025-02-01\"}";
                    case 2 -> "{\"type\":\"MemberConfirmed\"," + e + ",\"date\":\"2025-03-01\"}";
                    default -> "{\"type\":\"MemberClassified\"," + e + ",\"year\":2025,\"grade\":\"GOOD\"}";
                });
                if (m < 10) {
                    lines.add("{\"type\":\"MeetingRecorded\",\"eventId\":\"" + run + "-mt" + m + "-" + step + "\",\"meetingId\":\"" + run + "-MT"
                            + m + "\",\"branchId\":\"" + run + "B2\",\"date\":\"2025-01-15\",\"kind\":\"REGULAR\",\"revision\":" + (step + 1)
                            + ",\"membersExpected\":20,\"membersPresent\":" + (15 + step) + ",\"absentUnexcused\":[\"" + member
                            + "\"],\"superiorAttended\":false,\"selfCriticism\":true}");
                }
            }
        }
        return lines;
    }

    static Map<String, List<String>> eventIdsByKey(List<ConsumerRecord<String, Object>> records) {
        Map<String, List<String>> byKey = new LinkedHashMap<>();
        for (ConsumerRecord<String, Object> r : records) {
            byKey.computeIfAbsent(r.key(), k -> new ArrayList<>()).add((String) ((org.apache.avro.specific.SpecificRecord) r.value()).get(0));
        }
        return byKey;
    }

    @Test
    void publishedFileIsReadBackWithEveryKeyInItsOrder() throws Exception {
        List<String> lines = mixedFile("order");
        Path file = Files.createTempFile(stack.dir, "events", ".jsonl");
        Files.write(file, lines, StandardCharsets.UTF_8);

        CommandOutput o = new CommandOutput();
        int exit = PublishCommand.run(List.of("--progress=none", file.toString()), stack.endpoints(), o.out, o.err);
        assertThat(o.err()).isEmpty();
        assertThat(exit).isEqualTo(0);
        assertThat(o.out()).startsWith("publish: " + lines.size() + " lines read, " + lines.size() + " sent, 0 rejected");

        // what the file says, per key, in file order
        Map<String, Map<String, List<String>>> expected = new HashMap<>();
        for (String line : lines) {
            ParsedEvent e = EventJson.parse(line, EventRules.today()).event();
            expected.computeIfAbsent(e.topic(), t -> new LinkedHashMap<>()).computeIfAbsent(e.key(), k -> new ArrayList<>()).add(e.eventId());
        }
        List<ConsumerRecord<String, Object>> reference = stack.readAll(Topics.REFERENCE).stream()
                .filter(r -> r.key().contains("order")).toList();
        List<ConsumerRecord<String, Object>> members = stack.readAll(Topics.MEMBER_EVENTS).stream()
                .filter(r -> r.key().startsWith("order")).toList();
        List<ConsumerRecord<String, Object>> meetings = stack.readAll(Topics.MEETING_EVENTS).stream()
                .filter(r -> r.key().startsWith("order")).toList();
        assertThat(eventIdsByKey(reference)).isEqualTo(expected.get(Topics.REFERENCE));
        assertThat(eventIdsByKey(members)).isEqualTo(expected.get(Topics.MEMBER_EVENTS));
        assertThat(eventIdsByKey(meetings)).isEqualTo(expected.get(Topics.MEETING_EVENTS));
        assertThat(reference).extracting(ConsumerRecord::key).contains("District:orderD", "Commune:orderC", "Branch:orderB0");
        // each key in one partition, several partitions used
        assertThat(members.stream().collect(Collectors.groupingBy(ConsumerRecord::key, Collectors.mapping(ConsumerRecord::partition,
                Collectors.toSet()))).values()).allSatisfy(partitions -> assertThat(partitions).hasSize(1));
        assertThat(members.stream().map(ConsumerRecord::partition).distinct().count()).isGreaterThan(1);
        // the values are the events of the file, field by field
        ConsumerRecord<String, Object> first = members.get(0);
        String json = EventJson.toJson((org.apache.avro.specific.SpecificRecord) first.value());
        assertThat(lines).contains(json);
    }

    @Test
    void rejectedLinesGiveExitOneAndTheValidOnesAreSent() throws Exception {
        Path file = Files.createTempFile(stack.dir, "some-bad", ".jsonl");
        Files.write(file, List.of(
                "{\"type\":\"MemberAdmitted\",\"eventId\":\"bad-1\",\"memberId\":\"bad-M1\",\"branchId\":\"B1\",\"date\":\"2025-01-01\"}",
                "{\"type\":\"MemberAdmitted\",\"eventId\":\"bad-2\",\"memberId\":\"bad-M2\",\"date\":\"2025-01-01\"}",
                "{\"type\":\"MemberAdmitted\",\"eventId\":\"bad-3\",\"memberId\":\"bad-M3\",\"branchId\":\"B1\",\"date\":\"2025-01-01\"}"),
                StandardCharsets.UTF_8);
        CommandOutput o = new CommandOutput();
        int exit = PublishCommand.run(List.of("--progress=none", file.toString()), stack.endpoints(), o.out, o.err);
        assertThat(exit).isEqualTo(1);
        assertThat(o.errLines()).containsExactly("line 2: MISSING_FIELD: field 'branchId' is missing");
        List<String> sent = stack.readAll(Topics.MEMBER_EVENTS).stream().map(ConsumerRecord::key)
                .filter(k -> k.startsWith("bad-")).toList();
        assertThat(sent).containsExactlyInAnyOrder("bad-M1", "bad-M3");
    }

    @Test
    void nothingListeningGivesExitTwoAndOneLineWithinSeconds() throws Exception {
        Path file = oneLineThatCannotBeSent();
        String nowhere = "127.0.0.1:" + freePort();
        CommandOutput o = new CommandOutput();
        long started = System.nanoTime();
        int exit = PublishCommand.run(List.of(file.toString()),
                Map.of(Endpoints.KAFKA_BOOTSTRAP, nowhere, Endpoints.REGISTRY_URL, stack.registry.url()), o.out, o.err);
        double seconds = (System.nanoTime() - started) / 1e9;
        assertThat(exit).isEqualTo(2);
        assertThat(o.errLines()).containsExactly("publish: cannot reach Kafka at " + nowhere + ": no broker answered within 10 s");
        assertThat(seconds).isLessThan(30);
    }

    @Test
    void registryNotListeningGivesExitTwoAndOneLine() throws Exception {
        Path file = oneLineThatCannotBeSent();
        String nowhere = "http://127.0.0.1:" + freePort();
        CommandOutput o = new CommandOutput();
        int exit = PublishCommand.run(List.of(file.toString()),
                Map.of(Endpoints.KAFKA_BOOTSTRAP, stack.kafka.bootstrapServers(), Endpoints.REGISTRY_URL, nowhere), o.out, o.err);
        assertThat(exit).isEqualTo(2);
        assertThat(o.errLines()).containsExactly("publish: cannot reach the schema registry at " + nowhere + ": connection refused");
    }

    /** A file of one valid line, for the tests in which the broker or the registry is not there to take it. */
    static Path oneLineThatCannotBeSent() throws Exception {
        Path file = Files.createTempFile(stack.dir, "unsent", ".jsonl");
        Files.writeString(file, "{\"type\":\"District\",\"eventId\":\"x\",\"code\":\"X\",\"name\":\"X\"}\n");
        return file;
    }

    static String admission(String run, int n) {
        return "{\"type\":\"MemberAdmitted\",\"eventId\":\"" + run + "-" + n + "\",\"memberId\":\"" + run + "-M" + n
                + "\",\"branchId\":\"B1\",\"date\":\"2025-01-01\"}";
    }

    /** A meeting line of about {@code bytes} bytes whose absentees are random ids, so that compression cannot shrink it much. */
    static String largeMeeting(String eventId, int bytes) {
        java.util.Random random = new java.util.Random(7);
        StringBuilder absent = new StringBuilder();
        int n = 0;
        while (absent.length() < bytes) {
            absent.append(n++ == 0 ? "" : ",").append("\"A").append(Long.toString(random.nextLong() & Long.MAX_VALUE, 36)).append('"');
        }
        return "{\"type\":\"MeetingRecorded\",\"eventId\":\"" + eventId + "\",\"meetingId\":\"" + eventId + "-MT\",\"branchId\":\"B1\","
                + "\"date\":\"2025-01-15\",\"kind\":\"REGULAR\",\"revision\":1,\"membersExpected\":" + (n + 1) + ",\"membersPresent\":0,"
                + "\"absentUnexcused\":[" + absent + "],\"superiorAttended\":false,\"selfCriticism\":true,\"qualityScore\":null}";
    }

    @Test
    void lineOverOneMebibyteInTheMiddleIsRefusedAndTheLinesAfterItArePublished() throws Exception {
        String huge = largeMeeting("long-1", JsonLines.MAX_LINE_BYTES + 10);
        Path file = Files.createTempFile(stack.dir, "long", ".jsonl");
        Files.write(file, List.of(admission("long", 0), huge, admission("long", 2), admission("long", 3)), StandardCharsets.UTF_8);
        CommandOutput o = new CommandOutput();
        int exit = PublishCommand.run(List.of("--progress=none", file.toString()), stack.endpoints(), o.out, o.err);
        assertThat(o.errLines()).containsExactly("line 2: TOO_LONG: the line is " + huge.length() + " bytes long, at most 1048576 (1 MiB) allowed");
        assertThat(exit).isEqualTo(1);
        assertThat(o.out()).startsWith("publish: 4 lines read, 3 sent, 1 rejected");
        assertThat(stack.readAll(Topics.MEMBER_EVENTS).stream().map(ConsumerRecord::key)).contains("long-M0", "long-M2", "long-M3");
    }

    @Test
    void recordTheBrokerRefusesIsReportedForItsLineAndTheRestIsSent() throws Exception {
        // the broker takes at most 20 kB per record on this topic here; the line is 200 kB, well within publish's own limit
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka.bootstrapServers()))) {
            setMaxMessageBytes(admin, "20000");
            try {
                Path file = Files.createTempFile(stack.dir, "refused", ".jsonl");
                Files.write(file, List.of(admission("refused", 0), largeMeeting("refused-1", 200_000), admission("refused", 2),
                        largeMeeting("refused-3", 200_000)), StandardCharsets.UTF_8);
                CommandOutput o = new CommandOutput();
                int exit = PublishCommand.run(List.of("--progress=none", file.toString()), stack.endpoints(), o.out, o.err);
                assertThat(o.errLines()).hasSize(2).allSatisfy(line -> assertThat(line).matches("line [24]: REFUSED_BY_BROKER: .+"));
                assertThat(o.errLines()).anySatisfy(line -> assertThat(line).startsWith("line 2: "))
                        .anySatisfy(line -> assertThat(line).startsWith("line 4: "));
                assertThat(exit).isEqualTo(1);
                assertThat(o.out()).startsWith("publish: 4 lines read, 2 sent, 2 rejected");
            } finally {
                setMaxMessageBytes(admin, null);
            }
        }
        assertThat(stack.readAll(Topics.MEMBER_EVENTS).stream().map(ConsumerRecord::key)).contains("refused-M0", "refused-M2");
        assertThat(stack.readAll(Topics.MEETING_EVENTS).stream().map(ConsumerRecord::key)).noneMatch(k -> k.startsWith("refused-"));
    }

    private static void setMaxMessageBytes(Admin admin, String value) throws Exception {
        ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, Topics.MEETING_EVENTS);
        AlterConfigOp op = value == null
                ? new AlterConfigOp(new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, ""), AlterConfigOp.OpType.DELETE)
                : new AlterConfigOp(new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, value), AlterConfigOp.OpType.SET);
        admin.incrementalAlterConfigs(Map.of(topic, List.of(op))).all().get();
        Thread.sleep(1000); // the broker applies a topic's new config asynchronously
    }

    @Test
    void standardInputIsPublishedToo() {
        String line = "{\"type\":\"MemberAdmitted\",\"eventId\":\"stdin-1\",\"memberId\":\"stdin-M1\",\"branchId\":\"B1\",\"date\":\"2025-01-01\"}\n";
        CommandOutput o = new CommandOutput();
        int exit = PublishCommand.run(List.of("--progress=none", "-"), stack.endpoints(),
                new ByteArrayInputStream(line.getBytes(StandardCharsets.UTF_8)), o.out, o.err);
        assertThat(exit).isEqualTo(0);
        assertThat(stack.readAll(Topics.MEMBER_EVENTS).stream().map(ConsumerRecord::key)).contains("stdin-M1");
    }

    @Test
    void schemasAreRegisteredUnderTheTopicsSubjects() throws Exception {
        Path file = Files.createTempFile(stack.dir, "subjects", ".jsonl");
        Files.write(file, mixedFile("subj"), StandardCharsets.UTF_8);
        assertThat(PublishCommand.run(List.of("--progress=none", file.toString()), stack.endpoints(), new CommandOutput().out,
                new CommandOutput().err)).isEqualTo(0);
        HttpResponse<String> subjects = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(stack.registry.url() + "/subjects"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(subjects.body()).contains("\"pulse.reference-value\"", "\"pulse.member-events-value\"", "\"pulse.meeting-events-value\"");
    }

    @Test
    void importedMeetingsArriveAndAReimportSendsTheSameEventIds() throws Exception {
        Path csv = stack.dir.resolve("so-sinh-hoat.csv");
        Files.write(csv, ("\uFEFFMã cuộc họp,Mã chi bộ,Ngày,Loại,Số đảng viên phải dự,Số có mặt,Vắng không lý do,Cấp ủy cấp trên dự,Tự phê bình,"
                + "Điểm chất lượng\r\n"
                + "csv-MT1,B0012,05/05/2025,Thường kỳ,30,27,\"M1;M2\",Có,Có,82\r\n"
                + "csv-MT2,B0012,20/05/2025,Chuyên đề,30,30,,Không,Có,\r\n").getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < 2; i++) {
            CommandOutput o = new CommandOutput();
            assertThat(ImportMeetingsCommand.run(List.of("--progress=none", csv.toString()), stack.endpoints(), o.out, o.err)).isEqualTo(0);
            assertThat(o.out()).startsWith("import-meetings: 2 rows read, 2 sent, 0 rejected");
        }
        List<ConsumerRecord<String, Object>> records = stack.readAll(Topics.MEETING_EVENTS).stream()
                .filter(r -> r.key().startsWith("csv-")).toList();
        assertThat(records).hasSize(4);
        assertThat(eventIdsByKey(records)).containsEntry("csv-MT1", List.of("meeting:csv-MT1:r1", "meeting:csv-MT1:r1"))
                .containsEntry("csv-MT2", List.of("meeting:csv-MT2:r1", "meeting:csv-MT2:r1"));
        MeetingRecorded first = (MeetingRecorded) ((MeetingEvent) records.get(0).value()).getPayload();
        assertThat(first.getAbsentUnexcused()).containsExactly("M1", "M2");
        assertThat(first.getDate()).isEqualTo(LocalDate.of(2025, 5, 5));
        assertThat(first.getQualityScore()).isEqualTo(82);
        assertThat(records).filteredOn(r -> r.key().equals("csv-MT2"))
                .allSatisfy(r -> assertThat(((MeetingRecorded) ((MeetingEvent) r.value()).getPayload()).getQualityScore()).isNull());
    }

    @Test
    void publisherRefusesAnInvalidEventAndSendsNothing() {
        try (CommunePublisher publisher = new CommunePublisher(stack.publisherConfig(Map.of()))) {
            MeetingEvent tooMany = new MeetingEvent("lib-bad", new MeetingRecorded("lib-MT-bad", "B1", LocalDate.of(2025, 1, 1),
                    MeetingKind.REGULAR, 1, 10, 11, List.of(), false, false, null));
            assertThatThrownBy(() -> publisher.publish(tooMany)).isInstanceOf(InvalidEventException.class)
                    .satisfies(e -> assertThat(((InvalidEventException) e).rejection().reason())
                            .isEqualTo(RejectionReason.MEMBERS_PRESENT_ABOVE_EXPECTED))
                    .hasMessage("MEMBERS_PRESENT_ABOVE_EXPECTED: field 'membersPresent' is 11, above membersExpected 10");
            publisher.publish(new MemberEvent("lib-ok", new MemberAdmitted("lib-M1", "B1", LocalDate.of(2025, 1, 1)))).join();
            publisher.flush();
        }
        List<String> keys = stack.readAll(Topics.MEETING_EVENTS).stream().map(ConsumerRecord::key).toList();
        assertThat(keys).doesNotContain("lib-MT-bad");
        assertThat(stack.readAll(Topics.MEMBER_EVENTS).stream().map(ConsumerRecord::key)).contains("lib-M1");
    }

    @Test
    void publisherAcknowledgesWithPartitionAndOffset() throws Exception {
        try (CommunePublisher publisher = new CommunePublisher(stack.publisherConfig(Map.of()))) {
            RecordMetadata meta = publisher.publish(new MemberEvent("ack-1", new MemberAdmitted("ack-M1", "B1", LocalDate.of(2025, 1, 1))))
                    .get();
            assertThat(meta.topic()).isEqualTo(Topics.MEMBER_EVENTS);
            assertThat(meta.offset()).isNotNegative();
        }
    }

    @Test
    void sendFailureFailsTheFutureAndTheNextFlush() {
        List<String> absent = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            absent.add("absent-member-" + i);
        }
        MeetingEvent large = new MeetingEvent("big-1", new MeetingRecorded("big-MT", "B1", LocalDate.of(2025, 1, 1), MeetingKind.REGULAR,
                1, 5_000, 0, absent, false, false, null));
        try (CommunePublisher publisher = new CommunePublisher(stack.publisherConfig(Map.of("producer.max.request.size", 10_000)))) {
            CompletableFuture<RecordMetadata> future = publisher.publish(large);
            assertThatThrownBy(future::get).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(RecordTooLargeException.class);
            assertThatThrownBy(publisher::flush).isInstanceOf(PublishException.class)
                    .hasMessageStartingWith("1 event could not be sent; first: ")
                    .satisfies(e -> assertThat(((PublishException) e).failedEvents()).isEqualTo(1));
            publisher.flush(); // reported once: the next flush is clean
        }
    }

    @Test
    void deliveryGuaranteesCannotBeConfiguredAway() {
        Map<String, Object> p = stack.publisherConfig(Map.of("producer.acks", "1", "producer.enable.idempotence", false)).producerProperties();
        assertThat(p).containsEntry("acks", "all").containsEntry("enable.idempotence", true);
    }
}
