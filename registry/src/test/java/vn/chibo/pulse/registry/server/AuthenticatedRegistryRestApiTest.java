package vn.chibo.pulse.registry.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The REST contract against a server with basic authentication, every request carrying credentials. */
class AuthenticatedRegistryRestApiTest extends RestApiContract {

    private static SchemaRegistryServer server;

    @BeforeAll
    static void start() {
        server = SecuredRegistry.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Override
    protected String registryUrl() {
        return server.url();
    }

    @Override
    protected String userInfo() {
        return SecuredRegistry.USER_INFO;
    }
}
