package vn.chibo.pulse.registry.server;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import vn.chibo.pulse.stack.EmbeddedKafka;

/** The REST contract against a server keeping schemas in the {@code _schemas} topic of a real broker. */
class KafkaBackedRegistryRestApiTest extends RestApiContract {

    @TempDir
    static Path kafkaDir;

    private static EmbeddedKafka kafka;
    private static SchemaRegistryServer server;

    @BeforeAll
    static void start() {
        kafka = EmbeddedKafka.start(kafkaDir);
        server = SchemaRegistryServer.start("127.0.0.1", 0, kafka.bootstrapServers());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Override
    protected String registryUrl() {
        return server.url();
    }
}
