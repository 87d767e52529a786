package vn.chibo.pulse.registry.internal;

import java.io.IOException;

/** Carries one request to a registry: over HTTP, or straight into a registry in this JVM. */
public interface RegistryTransport {

    /** {@code pathAndQuery} is already percent-encoded; {@code body} may be null. */
    RestResponse send(String method, String pathAndQuery, byte[] body) throws IOException;

    /** Where requests go, for messages. */
    String target();
}
