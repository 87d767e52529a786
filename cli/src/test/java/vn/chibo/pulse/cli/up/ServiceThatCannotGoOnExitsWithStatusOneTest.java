package vn.chibo.pulse.cli.up;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vn.chibo.pulse.domain.Topics;
import vn.chibo.pulse.registry.server.SchemaRegistryServer;
import vn.chibo.pulse.stack.EmbeddedKafka;

/**
 * {@code ./pulse streams}, as docker-compose runs it, in its own JVM on the real broker: when the app
 * stops for good (here a source topic deleted under it, which no new stream thread can mend), the
 * command exits with status 1 for its supervisor to restart it; before, it waited for SIGTERM with
 * nothing processing.
 */
class ServiceThatCannotGoOnExitsWithStatusOneTest {

    @TempDir
    Path work;

    @Test
    void pulseStreamsExitsWithStatusOneWhenTheAppStopsOnAnError() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(work.resolve("kafka"), EmbeddedKafka.Options.defaults().autoCreateTopics(false));
             SchemaRegistryServer registry = SchemaRegistryServer.start("127.0.0.1", 0, kafka.bootstrapServers());
             PulseProcess streams = PulseProcess.start(work, "--kafka-bootstrap", kafka.bootstrapServers(),
                     "--registry-url", registry.url(), "streams", "state.dir=" + work.resolve("state"),
                     "application.id=pulse-service-exit", "rocksdb.memory.mb=16")) {
            streams.awaitOut(line -> line.startsWith("pulse streams: queries at "), Duration.ofSeconds(120));
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
                admin.deleteTopics(List.of(Topics.MEETING_EVENTS)).all().get(30, TimeUnit.SECONDS);
            }

            assertThat(streams.awaitExit(Duration.ofSeconds(120))).isEqualTo(1);
            assertThat(streams.err()).anyMatch(line -> line.contains("pulse streams: stopped on an error it cannot recover from"));
        }
    }
}
