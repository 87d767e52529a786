package vn.chibo.pulse.cli.up;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a {@link Component.Starter} gets: the settings and the endpoints of the components started before it. */
public final class StackContext {

    private final UpConfig config;
    private final Path stateDir;
    private final PrintStream console;
    private final Map<String, String> endpoints = new LinkedHashMap<>();

    StackContext(UpConfig config, Path stateDir, PrintStream console) {
        this.config = config;
        this.stateDir = stateDir.toAbsolutePath();
        this.console = console;
    }

    /** The terminal of {@code ./pulse up}, for the few lines a user should see (logs go to the log file). */
    public PrintStream console() {
        return console;
    }

    public UpConfig config() {
        return config;
    }

    /** The state directory ({@code .pulse}); everything kept between runs lives under it. */
    public Path stateDir() {
        return stateDir;
    }

    /** A directory of the state directory for one component's data, created if missing. */
    public Path dataDir(String name) {
        Path dir = stateDir.resolve(name);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        return dir;
    }

    /** Endpoints offered so far, keyed as in {@code .pulse/endpoints.properties}. */
    public Map<String, String> endpoints() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(endpoints));
    }

    /**
     * One endpoint offered so far.
     *
     * @throws IllegalStateException if no earlier component offers it (a mistake in the start order)
     */
    public String endpoint(String key) {
        String value = endpoints.get(key);
        if (value == null) {
            throw new IllegalStateException("no component started so far offers " + key);
        }
        return value;
    }

    void offer(Map<String, String> more) {
        endpoints.putAll(more);
    }
}
