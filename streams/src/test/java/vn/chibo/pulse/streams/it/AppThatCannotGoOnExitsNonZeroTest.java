package vn.chibo.pulse.streams.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
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
import vn.chibo.pulse.streams.StreamsMain;

/**
 * The streams app in its own JVM ({@link StreamsMain}) loses a source topic while it runs: no new
 * stream thread can mend that, so the process must exit with a non-zero status for its supervisor to
 * restart it (and the restart re-creates the topic), not stay up with nothing processing, as it did.
 */
class AppThatCannotGoOnExitsNonZeroTest {
    @TempDir
    Path dir;

    @Test
    void anAppWhoseSourceTopicIsDeletedExitsWithStatusOne() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), EmbeddedKafka.Options.defaults().autoCreateTopics(false));
                SchemaRegistryServer registry = SchemaRegistryServer.start("127.0.0.1", 0, kafka.bootstrapServers())) {
            Path log = dir.resolve("app.log");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process app = new ProcessBuilder(java, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                    "-cp", System.getProperty("java.class.path"), StreamsMain.class.getName(),
                    "application.id=pulse-exit", "bootstrap.servers=" + kafka.bootstrapServers(),
                    "schema.registry.url=" + registry.url(), "state.dir=" + dir.resolve("state"), "rocksdb.memory.mb=16")
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                while (!Files.readString(log).contains("queries at")) {
                    assertThat(app.isAlive()).as("the app runs; see %s", log).isTrue();
                    Thread.sleep(200);
                }
                try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
                    admin.deleteTopics(List.of(Topics.MEETING_EVENTS)).all().get(30, TimeUnit.SECONDS);
                }

                assertThat(app.waitFor(120, TimeUnit.SECONDS)).as("the app exits; see %s", log).isTrue();
                assertThat(app.exitValue()).isEqualTo(1);
                assertThat(Files.readString(log)).contains("stopped on an error it cannot recover from");
            } finally {
                app.destroyForcibly();
            }
        }
    }
}
