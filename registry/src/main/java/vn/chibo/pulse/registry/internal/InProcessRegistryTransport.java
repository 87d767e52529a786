package vn.chibo.pulse.registry.internal;

/** Hands requests straight to a {@link RestApi} in this JVM: same routes and JSON as HTTP, no socket. */
public final class InProcessRegistryTransport implements RegistryTransport {

    private final String name;
    private final RestApi api;

    public InProcessRegistryTransport(String name, RestApi api) {
        this.name = name;
        this.api = api;
    }

    @Override
    public RestResponse send(String method, String pathAndQuery, byte[] body) {
        int q = pathAndQuery.indexOf('?');
        String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
        String query = q < 0 ? null : pathAndQuery.substring(q + 1);
        return api.handle(method, path, query, body);
    }

    @Override
    public String target() {
        return name;
    }
}
