package vn.chibo.pulse.registry.server;

import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One embedded registry for a whole test class: started before the first test, closed after the last.
 * Register it as a static {@code @RegisterExtension} field.
 */
public final class RunningRegistry implements BeforeAllCallback, AfterAllCallback {

    private final Supplier<SchemaRegistryServer> starter;
    private SchemaRegistryServer server;

    public RunningRegistry(Supplier<SchemaRegistryServer> starter) {
        this.starter = starter;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        server = starter.get();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        server.close();
    }

    public String url() {
        return server.url();
    }
}
