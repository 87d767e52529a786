package vn.chibo.pulse.registry.server;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The REST contract against a server with basic authentication, every request carrying credentials. */
class AuthenticatedRegistryRestApiTest extends RestApiContract {

    @RegisterExtension
    static final RunningRegistry server = new RunningRegistry(SecuredRegistry::start);

    @Override
    protected String registryUrl() {
        return server.url();
    }

    @Override
    protected String userInfo() {
        return SecuredRegistry.USER_INFO;
    }
}
