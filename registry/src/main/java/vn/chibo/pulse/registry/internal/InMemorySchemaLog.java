package vn.chibo.pulse.registry.internal;

import java.util.List;
import java.util.function.Consumer;

/** A log kept only in this JVM: for {@code mock://} registries and throw-away servers. */
public final class InMemorySchemaLog implements SchemaLog {

    private Consumer<LogRecord> applier;

    @Override
    public synchronized void start(Consumer<LogRecord> applier) {
        this.applier = applier;
    }

    @Override
    public synchronized void append(List<LogRecord> records) {
        if (applier == null) {
            throw new IllegalStateException("schema log not started");
        }
        records.forEach(applier);
    }

    @Override
    public void close() {
        // nothing held
    }
}
