package vn.chibo.pulse.registry.internal;

import java.util.List;
import java.util.function.Consumer;

/** Where the registry keeps its changes: an append-only log that is replayed on start. */
public interface SchemaLog extends AutoCloseable {

    /** Replays every stored record into {@code applier}, returning once the replay is complete. */
    void start(Consumer<LogRecord> applier);

    /** Appends records in order and returns only once they have been applied (read back). */
    void append(List<LogRecord> records);

    @Override
    void close();
}
