package vn.chibo.pulse.cli;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.common.config.ConfigException;
import vn.chibo.pulse.sink.SinkService;
import vn.chibo.pulse.streams.StreamsService;

/**
 * One component of the pipeline alone, until SIGTERM: what each service of docker-compose.yml
 * runs. Connection settings come from the resolved endpoints; {@code key=value} arguments add to
 * or override the component's own settings (docs/streams.md, docs/sink.md).
 */
final class ServiceCommands {

    private ServiceCommands() {
    }

    /** {@code ./pulse streams [key=value …]}: the Kafka Streams aggregates app. */
    static int streams(List<String> args, Map<String, String> endpoints, PrintStream out, PrintStream err)
            throws InterruptedException {
        Map<String, String> settings = new HashMap<>();
        copy(endpoints, Endpoints.KAFKA_BOOTSTRAP, settings, "bootstrap.servers");
        copy(endpoints, Endpoints.REGISTRY_URL, settings, "schema.registry.url");
        if (!addArguments(args, settings, "streams", err)) {
            return Command.USAGE;
        }
        StreamsService app;
        try {
            app = StreamsService.start(settings);
        } catch (ConfigException e) {
            err.println("pulse streams: " + e.getMessage());
            return Command.USAGE;
        }
        out.println("pulse streams: running; interactive queries at " + app.queryUrl());
        return runUntilStopped(app, "streams");
    }

    /** {@code ./pulse sink [key=value …]}: the PostgreSQL sink. */
    static int sink(List<String> args, Map<String, String> endpoints, PrintStream out, PrintStream err)
            throws InterruptedException {
        Map<String, String> settings = new HashMap<>(endpoints);
        if (!addArguments(args, settings, "sink", err)) {
            return Command.USAGE;
        }
        SinkService sink;
        try {
            sink = SinkService.start(settings);
        } catch (ConfigException e) {
            err.println("pulse sink: " + e.getMessage());
            return Command.USAGE;
        }
        out.println("pulse sink: running; writing to " + settings.get(Endpoints.PG_URL));
        return runUntilStopped(sink, "sink");
    }

    static int runUntilStopped(AutoCloseable component, String name) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                component.close();
            } catch (Exception e) {
                System.err.println("pulse " + name + ": " + e.getMessage());
            } finally {
                stopped.countDown();
            }
        }, "pulse-" + name + "-shutdown"));
        stopped.await();
        return Command.OK;
    }

    private static void copy(Map<String, String> from, String fromKey, Map<String, String> to, String toKey) {
        String value = from.get(fromKey);
        if (value != null && !value.isBlank()) {
            to.put(toKey, value);
        }
    }

    static boolean addArguments(List<String> args, Map<String, String> settings, String name, PrintStream err) {
        for (String arg : args) {
            String a = arg.startsWith("--") ? arg.substring(2) : arg;
            int eq = a.indexOf('=');
            if (eq <= 0) {
                err.println("pulse " + name + ": expected key=value settings, got \"" + arg + "\"");
                return false;
            }
            settings.put(a.substring(0, eq), a.substring(eq + 1));
        }
        return true;
    }
}
