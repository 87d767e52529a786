package vn.chibo.pulse.reconcile;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.avro.specific.SpecificRecord;

import vn.chibo.pulse.domain.EventJson;
import vn.chibo.pulse.domain.EventRules;
import vn.chibo.pulse.domain.ParseResult;
import vn.chibo.pulse.producers.CommunePublisher;
import vn.chibo.pulse.producers.CommunePublisherConfig;
import vn.chibo.pulse.producers.simulator.SimulatedEvent;
import vn.chibo.pulse.events.MeetingEvent;
import vn.chibo.pulse.events.MemberEvent;
import vn.chibo.pulse.events.ReferenceEvent;
import vn.chibo.pulse.registry.server.SchemaRegistryServer;
import vn.chibo.pulse.sink.SinkConfig;
import vn.chibo.pulse.sink.SinkService;
import vn.chibo.pulse.sink.TestDatabase;
import vn.chibo.pulse.stack.EmbeddedKafka;
import vn.chibo.pulse.streams.StreamsService;

/**
 * The real pipeline, in this JVM: the embedded KRaft broker, the registry server, the streams
 * app, the sink writing a database of its own on the tests' PostgreSQL (TestDatabase); and
 * reconcile run as {@code ./pulse reconcile} runs it.
 */
final class InProcessPipeline implements AutoCloseable {

    static final String APPLICATION_ID = "pulse-reconcile-it";
    static final String SINK_NAME = "pulse-reconcile-it-sink";

    /** What one reconcile printed and its exit status. */
    record Run(int status, String out, String err) {}

    final EmbeddedKafka kafka;
    final SchemaRegistryServer registry;
    final StreamsService streams;
    final TestDatabase database;
    final SinkService sink;
    final CommunePublisher publisher;
    /** Lets events through that the stateless rules refuse, so that the pipeline refuses them. */
    final CommunePublisher unvalidated;

    InProcessPipeline(Path dir, long referenceWaitMs) throws Exception {
        kafka = EmbeddedKafka.start(dir.resolve("kafka"));
        registry = SchemaRegistryServer.start("127.0.0.1", 0, kafka.bootstrapServers());
        streams = StreamsService.start(Map.of(
                "application.id", APPLICATION_ID,
                "bootstrap.servers", kafka.bootstrapServers(),
                "schema.registry.url", registry.url(),
                "state.dir", dir.resolve("streams").toString(),
                "reference.wait.ms", Long.toString(referenceWaitMs),
                "http.port", "0"));
        if (!streams.awaitRunning(Duration.ofMinutes(2))) {
            throw new IllegalStateException("the streams app did not start: " + streams.state());
        }
        database = TestDatabase.create("reconcile");
        sink = SinkService.start(Map.of(
                SinkConfig.KAFKA_BOOTSTRAP, kafka.bootstrapServers(),
                SinkConfig.REGISTRY_URL, registry.url(),
                SinkConfig.PG_URL, database.url(),
                SinkConfig.GROUP_ID, SINK_NAME,
                SinkConfig.METADATA_REFRESH_MS, "1000"));
        if (!sink.awaitRunning(Duration.ofMinutes(1))) {
            throw new IllegalStateException("the sink did not start: " + sink.health());
        }
        publisher = new CommunePublisher(CommunePublisherConfig.of(kafka.bootstrapServers(), registry.url()));
        unvalidated = new CommunePublisher(Map.of(
                CommunePublisherConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                CommunePublisherConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.url(),
                CommunePublisherConfig.VALIDATE_EVENTS_CONFIG, false));
    }

    /** Connection settings as ./pulse resolves them. */
    Map<String, String> endpoints() {
        Map<String, String> e = new HashMap<>();
        e.put("kafka.bootstrap", kafka.bootstrapServers());
        e.put("registry.url", registry.url());
        // the password beside the URL, as ./pulse passes it: reconcile names the URL when PostgreSQL fails
        database.login().putInto(e, "pg.url", "pg.user", "pg.password");
        e.put("streams.url", streams.queryUrl().toString());
        return e;
    }

    /** Runs {@code ./pulse reconcile} with the test pipeline's group and sink names. */
    Run reconcile(String... extra) {
        List<String> args = new ArrayList<>(List.of("--application-id", APPLICATION_ID, "--sink-name", SINK_NAME,
                "--timeout", "180", "--no-progress"));
        args.addAll(List.of(extra));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = ReconcileCommand.run(args, endpoints(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Publishes lines in the interchange format of SPEC §2 and waits for every acknowledgement. */
    void publishLines(String... lines) throws Exception {
        for (String line : lines) {
            ParseResult parsed = EventJson.parse(line, EventRules.today());
            if (!parsed.isAccepted()) {
                throw new IllegalArgumentException(parsed.rejection() + ": " + line);
            }
            publisher.publish(parsed.event());
        }
        publisher.flush();
    }

    /** Publishes every simulated event, unchecked, ten thousand at a time; returns how many. */
    long publishAll(Iterator<SimulatedEvent> events) throws Exception {
        long n = 0;
        List<SpecificRecord> batch = new ArrayList<>();
        while (events.hasNext()) {
            batch.add(events.next().envelope());
            if (batch.size() == 10_000 || !events.hasNext()) {
                publishUnchecked(batch);
                n += batch.size();
                batch.clear();
            }
        }
        return n;
    }

    /** Publishes envelopes, unchecked, and waits for every acknowledgement. */
    void publishUnchecked(List<SpecificRecord> envelopes) throws Exception {
        for (SpecificRecord e : envelopes) {
            if (e instanceof ReferenceEvent r) {
                unvalidated.publish(r).get(30, TimeUnit.SECONDS);
            } else if (e instanceof MemberEvent m) {
                unvalidated.publish(m);
            } else {
                unvalidated.publish((MeetingEvent) e);
            }
        }
        unvalidated.flush();
    }

    @Override
    public void close() throws SQLException {
        publisher.close();
        unvalidated.close();
        sink.close();
        database.close();
        streams.close();
        registry.close();
        kafka.close();
    }
}
