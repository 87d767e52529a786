package vn.chibo.pulse.registry.client;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import vn.chibo.pulse.registry.internal.InMemorySchemaLog;
import vn.chibo.pulse.registry.internal.RestApi;
import vn.chibo.pulse.registry.internal.SchemaCatalog;

/**
 * Registries kept in this JVM, one per scope name, behind URLs {@code mock://<scope>}. Each runs the
 * server's own registry logic and REST API on in-memory storage, so tests with TopologyTestDriver see
 * the ids, versions, errors and compatibility checks a real registry gives.
 */
public final class MockSchemaRegistry {

    public static final String SCHEME = "mock://";

    private static final ConcurrentMap<String, RestApi> SCOPES = new ConcurrentHashMap<>();

    private MockSchemaRegistry() {
    }

    /** A client of the scope's registry (created on first use). */
    public static SchemaRegistryClient getClientForScope(String scope) {
        return new CachedSchemaRegistryClient(SCHEME + scope);
    }

    /** Forgets a scope's registry; the next use of the scope starts empty. */
    public static void dropScope(String scope) {
        SCOPES.remove(scope);
    }

    static boolean isMockUrl(String url) {
        return url.startsWith(SCHEME);
    }

    static String scopeOf(String url) {
        return url.substring(SCHEME.length());
    }

    static RestApi apiForScope(String scope) {
        return SCOPES.computeIfAbsent(scope, s ->
                new RestApi(new SchemaCatalog(new InMemorySchemaLog(), CompatibilityLevel.BACKWARD).start()));
    }
}
