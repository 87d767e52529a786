package vn.chibo.pulse.registry.serde;

import java.util.UUID;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import vn.chibo.pulse.registry.client.MockSchemaRegistry;
import vn.chibo.pulse.registry.client.SchemaRegistryClient;

/**
 * A mock registry scope of its own for every test, dropped after it, so that schema ids start at 1 in each
 * test. Register it as an instance {@code @RegisterExtension} field.
 */
final class MockRegistryScope implements BeforeEachCallback, AfterEachCallback {

    private final String prefix;
    private String name;
    private SchemaRegistryClient registry;

    MockRegistryScope(String prefix) {
        this.prefix = prefix;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        name = prefix + "-" + UUID.randomUUID();
        registry = MockSchemaRegistry.getClientForScope(name);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        MockSchemaRegistry.dropScope(name);
    }

    String name() {
        return name;
    }

    /** The {@code schema.registry.url} that makes serdes use this scope. */
    String url() {
        return "mock://" + name;
    }

    SchemaRegistryClient registry() {
        return registry;
    }
}
