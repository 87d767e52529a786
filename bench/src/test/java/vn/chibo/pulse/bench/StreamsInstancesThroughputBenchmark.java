package vn.chibo.pulse.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import vn.chibo.pulse.bench.internal.BenchKafka;
import vn.chibo.pulse.bench.internal.BenchPostgres;
import vn.chibo.pulse.bench.internal.ChildJvm;
import vn.chibo.pulse.bench.internal.Drain;
import vn.chibo.pulse.bench.internal.Machine;
import vn.chibo.pulse.bench.internal.PipelineProcesses;
import vn.chibo.pulse.domain.ParsedEvent;
import vn.chibo.pulse.domain.Topics;
import vn.chibo.pulse.producers.CommunePublisher;
import vn.chibo.pulse.producers.CommunePublisherConfig;
import vn.chibo.pulse.producers.simulator.EventGenerator;
import vn.chibo.pulse.producers.simulator.SimulatedEvent;
import vn.chibo.pulse.registry.server.SchemaRegistryServer;
import vn.chibo.pulse.stack.EmbeddedKafka;

/**
 * End-to-end throughput with one and with two streams instances (issue 16): a year of the
 * Hà Tĩnh-shaped province published as a backlog to a pipeline of N streams instances (one
 * application.id, a JVM each) and one sink, timed from the first event published until PostgreSQL
 * holds everything ({@link Drain}: the streams app's committed offsets and the sink's stored ones
 * at the end of every partition). On a 2-core machine a second instance adds no core, only its
 * share of the work and the coordination, so no gain is expected.
 *
 * <pre>mvn -B -o -q -pl bench -am -Dtest=StreamsInstancesThroughputBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dpulse.bench.instances=1,2 verify</pre>
 * prints a line {@code THROUGHPUT streams instances=N: ...} per run (bench/target/surefire-reports/*-output.txt).
 */
@EnabledIfSystemProperty(named = "pulse.bench.instances", matches = "[0-9,]+")
class StreamsInstancesThroughputBenchmark {
    private static final int PARTITIONS = 4;
    private static final List<String> SOURCE_TOPICS = List.of(Topics.REFERENCE, Topics.MEMBER_EVENTS, Topics.MEETING_EVENTS);

    @Test
    void throughputWithEachNumberOfStreamsInstances() throws Exception {
        List<SimulatedEvent> year = EventGenerator.haTinh(42L, LocalDate.of(2016, 12, 1), LocalDate.of(2017, 11, 30)).toList();
        List<SpecificRecord> reference = year.stream().filter(e -> e.phase() == SimulatedEvent.Phase.REFERENCE)
                .map(SimulatedEvent::envelope).toList();
        List<SpecificRecord> events = year.stream().filter(e -> e.phase() != SimulatedEvent.Phase.REFERENCE)
                .map(SimulatedEvent::envelope).toList();
        for (String instances : System.getProperty("pulse.bench.instances").split(",")) {
            run(Integer.parseInt(instances), reference, events);
        }
    }

    private static void run(int instances, List<SpecificRecord> reference, List<SpecificRecord> events) throws Exception {
        Path dir = Files.createTempDirectory("pulse-bench-instances");
        String loadBefore = Machine.loadAverage();
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"));
                SchemaRegistryServer registry = SchemaRegistryServer.start("127.0.0.1", 0, kafka.bootstrapServers());
                BenchPostgres postgres = BenchPostgres.start(dir.resolve("pg"), true);
                Admin admin = BenchKafka.admin(kafka.bootstrapServers());
                CommunePublisher publisher = new CommunePublisher(Map.of(
                        CommunePublisherConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                        CommunePublisherConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.url(),
                        CommunePublisherConfig.VALIDATE_EVENTS_CONFIG, false))) {
            BenchKafka.createPipelineTopics(admin, PARTITIONS);
            publish(publisher, reference);
            List<ChildJvm> processes = new ArrayList<>();
            try {
                for (int i = 1; i <= instances; i++) {
                    processes.add(ChildJvm.start("streams-" + i, List.of("-Xms64m", "-Xmx512m", "-XX:+UseSerialGC"),
                            PipelineProcesses.STREAMS_MAIN, List.of(
                                    "bootstrap.servers=" + kafka.bootstrapServers(),
                                    "schema.registry.url=" + registry.url(),
                                    "state.dir=" + dir.resolve("streams-state-" + i),
                                    "application.id=" + PipelineProcesses.STREAMS_GROUP,
                                    "http.port=0"),
                            dir.resolve("streams-" + i + ".log"), Map.of()));
                }
                processes.add(ChildJvm.start("sink", List.of("-Xms32m", "-Xmx256m", "-XX:+UseSerialGC"),
                        PipelineProcesses.SINK_MAIN, List.of(
                                "kafka.bootstrap=" + kafka.bootstrapServers(),
                                "registry.url=" + registry.url(),
                                "pg.url=" + postgres.url(),
                                "pg.user=" + postgres.user(),
                                "group.id=" + PipelineProcesses.SINK_NAME),
                        dir.resolve("sink.log"), Map.of()));
                for (ChildJvm p : processes.subList(0, instances)) {
                    p.awaitLine(l -> l.startsWith("pulse streams: queries at "), Duration.ofMinutes(3));
                }
                try (Connection pg = DriverManager.getConnection(postgres.url(), postgres.user(), "")) {
                    Drain drain = awaitSinkSchema(admin, pg);
                    awaitEmpty(drain, processes); // the reference data in, every instance in the group
                    long start = System.nanoTime();
                    publish(publisher, events);
                    double published = (System.nanoTime() - start) / 1e9;
                    awaitEmpty(drain, processes);
                    double seconds = (System.nanoTime() - start) / 1e9;
                    System.out.printf("THROUGHPUT streams instances=%d: %,d events in %.1f s = %,.0f events/s end to end "
                                    + "(published in %.1f s; %d partitions; load average %s at start, %s at end)%n",
                            instances, events.size(), seconds, events.size() / seconds, published, PARTITIONS, loadBefore,
                            Machine.loadAverage());
                }
            } finally {
                for (ChildJvm p : processes) {
                    p.stop(Duration.ofSeconds(30));
                }
            }
        }
    }

    private static Drain awaitSinkSchema(Admin admin, Connection pg) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (true) {
            try {
                Drain drain = new Drain(admin, pg, PipelineProcesses.STREAMS_GROUP, PipelineProcesses.SINK_NAME, SOURCE_TOPICS,
                        Topics.AGGREGATES);
                drain.backlog();
                return drain;
            } catch (SQLException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(500); // the sink has not migrated yet
            }
        }
    }

    private static void awaitEmpty(Drain drain, List<ChildJvm> processes) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(15).toNanos();
        while (!drain.backlog().empty()) {
            for (ChildJvm p : processes) {
                if (!p.isAlive()) {
                    throw new IllegalStateException(p.name() + " stopped; see " + p.log());
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the pipeline did not work through the backlog in 15 minutes");
            }
            Thread.sleep(250);
        }
    }

    private static void publish(CommunePublisher publisher, List<SpecificRecord> envelopes) {
        envelopes.forEach(e -> publisher.publish(ParsedEvent.of(e)));
        publisher.flush();
    }
}
