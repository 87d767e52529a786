package vn.chibo.pulse.streams;

import java.util.HashMap;
import java.util.Map;

/**
 * Runs the aggregates app until SIGTERM / Ctrl-C, or until it fails beyond repair: then it exits with
 * status 1 so that its supervisor restarts it. Settings are {@code key=value} arguments
 * (see docs/streams.md); the Kafka and registry addresses default to PULSE_KAFKA_BOOTSTRAP and
 * PULSE_REGISTRY_URL when not given.
 *
 * <pre>java -cp ... vn.chibo.pulse.streams.StreamsMain bootstrap.servers=127.0.0.1:9092 schema.registry.url=http://127.0.0.1:8081</pre>
 */
public final class StreamsMain {
    private StreamsMain() {}

    public static void main(String[] args) throws InterruptedException {
        Map<String, String> settings = new HashMap<>();
        putEnv(settings, "bootstrap.servers", "PULSE_KAFKA_BOOTSTRAP");
        putEnv(settings, "schema.registry.url", "PULSE_REGISTRY_URL");
        for (String arg : args) {
            String a = arg.startsWith("--") ? arg.substring(2) : arg;
            int eq = a.indexOf('=');
            if (eq <= 0) {
                System.err.println("usage: StreamsMain [key=value ...]   (got \"" + arg + "\")");
                System.exit(2);
            }
            settings.put(a.substring(0, eq), a.substring(eq + 1));
        }
        StreamsService app = StreamsService.start(settings);
        Runtime.getRuntime().addShutdownHook(new Thread(app::close, "pulse-streams-shutdown"));
        System.out.println("pulse streams: queries at " + app.queryUrl());
        if (app.awaitTermination()) {
            // not a zombie: its supervisor (./pulse up, Docker, systemd) sees the exit and restarts it
            System.err.println("pulse streams: stopped on an error it cannot recover from; exiting with status 1");
            System.exit(1);
        }
        System.exit(0);
    }

    private static void putEnv(Map<String, String> settings, String key, String env) {
        String value = System.getenv(env);
        if (value != null && !value.isBlank()) {
            settings.put(key, value);
        }
    }
}
