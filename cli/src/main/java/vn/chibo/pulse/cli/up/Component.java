package vn.chibo.pulse.cli.up;

import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * One running part of the local pipeline (broker, registry, PostgreSQL, streams app, sink,
 * dashboard, simulator). {@link LocalStack} starts components in order and closes them in reverse.
 */
public interface Component extends AutoCloseable {

    /** Short name used in messages, e.g. {@code "streams"}. */
    String name();

    /**
     * Endpoints this component offers, keyed as in {@code .pulse/endpoints.properties}
     * (e.g. {@code dashboard.url}); later components see them in {@link StackContext#endpoints()}.
     */
    default Map<String, String> endpoints() {
        return Map.of();
    }

    /** Polled after start until healthy (or the start timeout passes), then every few seconds. */
    default Health health() {
        return Health.up();
    }

    /** Stops cleanly; must not throw for an already stopped component. */
    @Override
    void close() throws Exception;

    /** Starts a component, given what the components before it offer. */
    @FunctionalInterface
    interface Starter {
        Component start(StackContext context) throws Exception;
    }

    /** A component that is healthy once started and stops by closing {@code resource}. */
    static Component of(String name, AutoCloseable resource) {
        return of(name, resource, Map.of(), Health::up);
    }

    /** A component made of any closeable, with its endpoints and a health check. */
    static Component of(String name, AutoCloseable resource, Map<String, String> endpoints, Supplier<Health> health) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(resource, "resource");
        Map<String, String> copy = Map.copyOf(endpoints);
        return new Component() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Map<String, String> endpoints() {
                return copy;
            }

            @Override
            public Health health() {
                return health.get();
            }

            @Override
            public void close() throws Exception {
                resource.close();
            }
        };
    }
}
