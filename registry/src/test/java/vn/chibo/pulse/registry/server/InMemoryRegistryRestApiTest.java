package vn.chibo.pulse.registry.server;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The REST contract against a server keeping schemas in memory. */
class InMemoryRegistryRestApiTest extends RestApiContract {

    @RegisterExtension
    static final RunningRegistry server =
            new RunningRegistry(() -> SchemaRegistryServer.startInMemory("127.0.0.1", 0));

    @Override
    protected String registryUrl() {
        return server.url();
    }
}
