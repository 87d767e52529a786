package vn.chibo.pulse.sink;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigException;

/**
 * Runs the sink until SIGTERM or Ctrl-C:
 * {@code java vn.chibo.pulse.sink.SinkMain [settings.properties ...] [key=value ...]}.
 * Settings come from the environment (PULSE_KAFKA_BOOTSTRAP, PULSE_REGISTRY_URL, PULSE_PG_URL,
 * PULSE_PG_USER, PULSE_PG_PASSWORD), then the files, then key=value arguments, each overriding
 * the one before. {@code .pulse/endpoints.properties} is a valid settings file.
 */
public final class SinkMain {

    private static final Map<String, String> ENVIRONMENT = Map.of(
            "PULSE_KAFKA_BOOTSTRAP", SinkConfig.KAFKA_BOOTSTRAP,
            "PULSE_REGISTRY_URL", SinkConfig.REGISTRY_URL,
            "PULSE_PG_URL", SinkConfig.PG_URL,
            "PULSE_PG_USER", SinkConfig.PG_USER,
            "PULSE_PG_PASSWORD", SinkConfig.PG_PASSWORD);

    private SinkMain() {}

    public static void main(String[] args) throws Exception {
        if (System.getProperty("org.apache.avro.SERIALIZABLE_PACKAGES") == null) {
            System.setProperty("org.apache.avro.SERIALIZABLE_PACKAGES", "vn.chibo.pulse");
        }
        SinkService sink;
        try {
            sink = SinkService.start(settings(System.getenv(), args));
        } catch (ConfigException | IllegalArgumentException | IllegalStateException | IOException e) {
            System.err.println("pulse-sink: " + e.getMessage());
            System.err.println(SinkConfig.definition().toRst());
            System.exit(2);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(sink::close, "pulse-sink-shutdown"));
        sink.awaitTermination();
        System.exit(sink.health().status() == SinkHealth.Status.FAILED ? 1 : 0);
    }

    /** The settings named by the environment and the arguments, later ones winning. */
    public static Map<String, String> settings(Map<String, String> environment, String[] args) throws IOException {
        Map<String, String> settings = new LinkedHashMap<>();
        ENVIRONMENT.forEach((variable, key) -> {
            String value = environment.get(variable);
            if (value != null && !value.isBlank()) {
                settings.put(key, value);
            }
        });
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq > 0) {
                settings.put(arg.substring(0, eq), arg.substring(eq + 1));
            } else {
                Properties file = new Properties();
                try (Reader in = Files.newBufferedReader(Path.of(arg), StandardCharsets.UTF_8)) {
                    file.load(in);
                }
                file.stringPropertyNames().forEach(k -> settings.put(k, file.getProperty(k)));
            }
        }
        return settings;
    }
}
