package vn.chibo.pulse.registry.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The REST contract against a server keeping schemas in memory. */
class InMemoryRegistryRestApiTest extends RestApiContract {

    private static SchemaRegistryServer server;

    @BeforeAll
    static void start() {
        server = SchemaRegistryServer.startInMemory("127.0.0.1", 0);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Override
    protected String registryUrl() {
        return server.url();
    }
}
