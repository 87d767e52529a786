package vn.chibo.pulse.streams.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

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
import vn.chibo.pulse.events.MemberTransferred;
import vn.chibo.pulse.events.ReferenceEvent;
import vn.chibo.pulse.registry.serde.KafkaAvroSerializer;
import vn.chibo.pulse.registry.server.SchemaRegistryServer;
import vn.chibo.pulse.stack.EmbeddedKafka;
import vn.chibo.pulse.streams.StreamsService;
import vn.chibo.pulse.streams.testing.GroupLag;

/**
 * Sustained throughput of the aggregates app with exactly-once on, on the real embedded broker and
 * registry, as the number of members held in state grows. For each size it first registers members
 * up to that size (timed too), then drains a backlog of a mixed workload over them — transfers,
 * grades, REGULAR meetings with absentees (which fan out to the member and branch stages) — and
 * prints events per second: events / (time from the first send until nothing is left to process).
 *
 * <pre>
 * mvn -q -pl streams test-compile exec:exec -Dexec.executable=java -Dexec.classpathScope=test \
 *   -Dexec.args="-Xmx1g -cp %classpath vn.chibo.pulse.streams.bench.StreamsThroughputBenchmark 10000,100000,1000000 100000"
 * </pre>
 * Arguments: member counts (comma-separated), mixed events per measurement, partitions, commit.interval.ms,
 * then any app setting as key=value (e.g. statestore.cache.max.bytes=33554432, streams.max.task.idle.ms=0).
 */
public final class StreamsThroughputBenchmark {
    private static final String APP_ID = "pulse-bench";
    private static final int DISTRICTS = 13;
    private static final int COMMUNES = 130;
    private static final int BRANCHES = 1910;

    private final KafkaProducer<String, byte[]> producer;
    private final KafkaAvroSerializer avro = new KafkaAvroSerializer();
    private final Random random = new Random(1);
    private final List<String> branchOf = new ArrayList<>();
    private int nextEventId;
    private int nextMeeting;

    private StreamsThroughputBenchmark(String bootstrap, String registryUrl) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        avro.configure(Map.of("schema.registry.url", registryUrl), false);
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("org.apache.avro.SERIALIZABLE_PACKAGES", "vn.chibo.pulse");
        int[] sizes = Arrays.stream((args.length > 0 ? args[0] : "10000,100000,1000000").split(","))
                .mapToInt(s -> Integer.parseInt(s.trim())).toArray();
        int mixed = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int partitions = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        String commitIntervalMs = args.length > 3 ? args[3] : "100";
        Path dir = Files.createTempDirectory("pulse-streams-bench");
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"));
                SchemaRegistryServer registry = SchemaRegistryServer.start("127.0.0.1", 0, kafka.bootstrapServers());
                GroupLag lag = new GroupLag(kafka.bootstrapServers(), APP_ID)) {
            kafka.createTopic(Topics.REFERENCE, 1);
            kafka.createTopic(Topics.MEMBER_EVENTS, partitions);
            kafka.createTopic(Topics.MEETING_EVENTS, partitions);
            StreamsThroughputBenchmark bench = new StreamsThroughputBenchmark(kafka.bootstrapServers(), registry.url());
            Map<String, String> settings = new HashMap<>();
            settings.put("application.id", APP_ID);
            settings.put("bootstrap.servers", kafka.bootstrapServers());
            settings.put("schema.registry.url", registry.url());
            settings.put("state.dir", dir.resolve("state").toString());
            settings.put("commit.interval.ms", commitIntervalMs);
            for (int i = 4; i < args.length; i++) {
                String[] kv = args[i].split("=", 2);
                settings.put(kv[0], kv[1]);
            }
            try (StreamsService app = StreamsService.start(settings)) {
                if (!app.awaitRunning(Duration.ofMinutes(2))) {
                    throw new IllegalStateException("the app did not start: " + app.state());
                }
                bench.referenceData();
                lag.awaitIdle(Topics.REFERENCE, Duration.ofMinutes(2), Duration.ofMillis(200), 3);
                System.out.printf("%nprocessing.guarantee=exactly_once_v2, commit.interval.ms=%s, %d partitions, %d cores, max heap %d MiB, settings %s%n",
                        commitIntervalMs, partitions, Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
                        Arrays.asList(args).subList(Math.min(4, args.length), args.length));
                System.out.printf("%-18s %-26s %10s %10s %12s %14s %14s%n", "members in state", "workload", "events", "seconds",
                        "events/s", "CPU ms/1k ev", "stream thread");
                boolean warm = false;
                for (int size : sizes) {
                    int grow = size - bench.branchOf.size();
                    if (grow > 0) {
                        Cpu cpu = Cpu.now();
                        long t0 = System.nanoTime();
                        bench.registerMembers(grow);
                        lag.awaitIdle(Topics.MEMBER_EVENTS, Duration.ofHours(1), Duration.ofMillis(200), 3);
                        report(size, "MemberRegistered", grow, t0, cpu);
                    }
                    if (!warm) {
                        // let the JIT and the caches warm up before the first measured workload
                        bench.mixedWorkload(Math.min(mixed, 20_000));
                        lag.awaitIdle(Topics.MEMBER_EVENTS, Duration.ofHours(1), Duration.ofMillis(200), 3);
                        warm = true;
                    }
                    Cpu cpu = Cpu.now();
                    long t0 = System.nanoTime();
                    bench.mixedWorkload(mixed);
                    lag.awaitIdle(Topics.MEMBER_EVENTS, Duration.ofHours(1), Duration.ofMillis(200), 3);
                    report(size, "mixed (see javadoc)", mixed, t0, cpu);
                }
            }
            printRecordsPerTopic(kafka.bootstrapServers());
            bench.producer.close();
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private static void report(int members, String workload, int events, long t0, Cpu before) {
        double seconds = (System.nanoTime() - t0) / 1e9;
        Cpu after = Cpu.now();
        System.out.printf("%-18d %-26s %10d %10.1f %12.0f %14.1f %14.1f%n", members, workload, events, seconds, events / seconds,
                (after.process - before.process) / 1e6 / (events / 1000.0), (after.streamThreads - before.streamThreads) / 1e6 / (events / 1000.0));
    }

    /** What the whole run wrote, per topic: how many internal records (repartitions, changelogs) an event costs. */
    private static void printRecordsPerTopic(String bootstrap) throws Exception {
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            java.util.Set<String> topics = admin.listTopics().names().get();
            Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(topics).allTopicNames().get().forEach((t, d) -> d.partitions().forEach(p ->
                    latest.put(new org.apache.kafka.common.TopicPartition(t, p.partition()), org.apache.kafka.clients.admin.OffsetSpec.latest())));
            Map<String, Long> perTopic = new java.util.TreeMap<>();
            admin.listOffsets(latest).all().get().forEach((tp, info) -> perTopic.merge(tp.topic(), info.offset(), Long::sum));
            System.out.printf("%nrecords per topic (offsets, transaction markers included):%n");
            perTopic.forEach((t, n) -> System.out.printf("%12d  %s%n", n, t));
        }
    }

    /**
     * CPU time used so far, by the whole JVM (broker, registry, producer and app) and by the app's stream
     * threads alone: on a machine shared with other work, CPU per event is the figure that does not depend
     * on how much of the machine the run got; events/s does.
     */
    private record Cpu(long process, long streamThreads) {
        static Cpu now() {
            long process = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                    .getOperatingSystemMXBean()).getProcessCpuTime();
            java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
            long streams = 0;
            for (java.lang.management.ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
                if (t != null && t.getThreadName().contains("StreamThread")) {
                    streams += Math.max(0, threads.getThreadCpuTime(t.getThreadId()));
                }
            }
            return new Cpu(process, streams);
        }
    }

    private void send(String topic, String key, Object value) {
        producer.send(new ProducerRecord<>(topic, key, avro.serialize(topic, value)));
    }

    private String eventId() {
        return "b" + (++nextEventId);
    }

    /** 13 districts, 130 communes, 1,910 branches: the size of Hà Tĩnh. */
    private void referenceData() {
        for (int d = 0; d < DISTRICTS; d++) {
            send(Topics.REFERENCE, "District:D" + d, new ReferenceEvent(eventId(), new District("D" + d, "Huyện " + d)));
        }
        for (int c = 0; c < COMMUNES; c++) {
            send(Topics.REFERENCE, "Commune:C" + c, new ReferenceEvent(eventId(), new Commune("C" + c, "Xã " + c, "D" + (c % DISTRICTS))));
        }
        for (int b = 0; b < BRANCHES; b++) {
            BranchKind kind = b % 6 == 0 ? BranchKind.STREET_GROUP : b % 6 == 1 ? BranchKind.OTHER : BranchKind.VILLAGE;
            send(Topics.REFERENCE, "Branch:B" + b, new ReferenceEvent(eventId(), new Branch("B" + b, "Chi bộ " + b, "C" + (b % COMMUNES), kind)));
        }
        producer.flush();
    }

    private void registerMembers(int count) {
        LocalDate date = LocalDate.of(2024, 1, 1);
        for (int i = 0; i < count; i++) {
            String member = "M" + branchOf.size();
            String branch = "B" + random.nextInt(BRANCHES);
            branchOf.add(branch);
            send(Topics.MEMBER_EVENTS, member, new MemberEvent(eventId(),
                    new MemberRegistered(member, branch, random.nextInt(4) == 0 ? MemberStatus.PROBATIONARY : MemberStatus.OFFICIAL, date)));
        }
        producer.flush();
    }

    /** 40% grades, 30% transfers, 20% REGULAR meetings listing 2 absentees, 10% resent duplicates. */
    private void mixedWorkload(int events) {
        LocalDate date = LocalDate.of(2025, 3, 10);
        List<Object[]> recent = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            double r = random.nextDouble();
            int m = random.nextInt(branchOf.size());
            String member = "M" + m;
            Object[] sent;
            if (r < 0.4) {
                sent = new Object[] {Topics.MEMBER_EVENTS, member,
                        new MemberEvent(eventId(), new MemberClassified(member, 2024, Grade.values()[random.nextInt(4)]))};
            } else if (r < 0.7) {
                String to = "B" + random.nextInt(BRANCHES);
                sent = new Object[] {Topics.MEMBER_EVENTS, member,
                        new MemberEvent(eventId(), new MemberTransferred(member, branchOf.get(m), to, null, date))};
                branchOf.set(m, to);
            } else if (r < 0.9 || recent.isEmpty()) {
                String meeting = "MT" + (++nextMeeting);
                List<String> absent = List.of("M" + random.nextInt(branchOf.size()), "M" + random.nextInt(branchOf.size()));
                if (absent.get(0).equals(absent.get(1))) {
                    absent = absent.subList(0, 1);
                }
                sent = new Object[] {Topics.MEETING_EVENTS, meeting, new MeetingEvent(eventId(), new MeetingRecorded(meeting,
                        "B" + random.nextInt(BRANCHES), date.minusDays(random.nextInt(300)), MeetingKind.REGULAR, 1, 30, 25,
                        new ArrayList<>(absent), random.nextBoolean(), random.nextBoolean(), 40 + random.nextInt(61)))};
            } else {
                sent = recent.get(random.nextInt(recent.size()));
            }
            send((String) sent[0], (String) sent[1], sent[2]);
            if (recent.size() < 10_000) {
                recent.add(sent);
            } else {
                recent.set(random.nextInt(recent.size()), sent);
            }
        }
        producer.flush();
    }
}
