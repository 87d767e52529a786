package vn.chibo.pulse.cli;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.common.config.ConfigException;
import vn.chibo.pulse.dashboard.DashboardConfig;
import vn.chibo.pulse.dashboard.DashboardServer;
import vn.chibo.pulse.dashboard.DashboardStartException;
import vn.chibo.pulse.http.HttpSettings;
import vn.chibo.pulse.sink.SinkConfig;
import vn.chibo.pulse.sink.SinkHealth;
import vn.chibo.pulse.stack.LocalPostgres;
import vn.chibo.pulse.sink.SinkService;
import vn.chibo.pulse.streams.StreamsService;

/**
 * One component of the pipeline alone, until SIGTERM: what each service of docker-compose.yml
 * runs. Connection settings and secrets (passwords, users) come from the resolved endpoints, so from
 * the environment rather than the command line; {@code key=value} arguments add to or override the
 * component's own settings (docs/streams.md, docs/sink.md).
 */
public final class ServiceCommands {

    private ServiceCommands() {
    }

    /** {@code ./pulse streams [key=value …]}: the Kafka Streams aggregates app. */
    static int streams(List<String> args, Map<String, String> endpoints, PrintStream out, PrintStream err)
            throws InterruptedException {
        Map<String, String> settings = streamsSettings(endpoints);
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
        return runUntilStopped(app, "streams", app::awaitTermination, err);
    }

    /** {@code ./pulse sink [key=value …]}: the PostgreSQL sink. */
    static int sink(List<String> args, Map<String, String> endpoints, PrintStream out, PrintStream err)
            throws InterruptedException {
        Map<String, String> settings = sinkSettings(endpoints);
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
        out.println("pulse sink: running; writing to " + LocalPostgres.masked(settings.get(Endpoints.PG_URL)));
        return runUntilStopped(sink, "sink", () -> {
            sink.awaitTermination();
            return sink.health().status() == SinkHealth.Status.FAILED;
        }, err);
    }

    /** {@code ./pulse dashboard [key=value …]}: the board's web page, reading the streams app and PostgreSQL. */
    static int dashboard(List<String> args, Map<String, String> endpoints, PrintStream out, PrintStream err)
            throws InterruptedException {
        Map<String, String> settings = dashboardSettings(endpoints);
        if (!addArguments(args, settings, "dashboard", err)) {
            return Command.USAGE;
        }
        DashboardServer dashboard;
        try {
            dashboard = DashboardServer.start(new DashboardConfig(settings));
        } catch (ConfigException | DashboardStartException e) {
            err.println("pulse dashboard: " + e.getMessage());
            return Command.USAGE;
        }
        out.println("pulse dashboard: running at " + dashboard.url());
        return runUntilStopped(dashboard, "dashboard", null, err);
    }

    /** The streams app's settings from the resolved endpoints: Kafka, the registry, its query server's users. */
    static Map<String, String> streamsSettings(Map<String, String> endpoints) {
        Map<String, String> settings = new HashMap<>();
        copy(endpoints, Endpoints.KAFKA_BOOTSTRAP, settings, "bootstrap.servers");
        copy(endpoints, Endpoints.REGISTRY_URL, settings, "schema.registry.url");
        // An instance asks the others as any client of the query server does: with streams.user and streams.password.
        copy(endpoints, Endpoints.STREAMS_USER, settings, "http.peer.user");
        copy(endpoints, Endpoints.STREAMS_PASSWORD, settings, "http.peer.password");
        copy(endpoints, Endpoints.QUERY_USERS, settings, "http." + HttpSettings.AUTHENTICATION_USERS);
        return settings;
    }

    /** The sink's settings: the endpoints as they are (its keys are theirs), and its health endpoint's users. */
    static Map<String, String> sinkSettings(Map<String, String> endpoints) {
        Map<String, String> settings = new HashMap<>(endpoints);
        copy(endpoints, Endpoints.SINK_HEALTH_USERS, settings, SinkConfig.HEALTH_PREFIX + HttpSettings.AUTHENTICATION_USERS);
        return settings;
    }

    /** The dashboard's settings from the resolved endpoints: where the streams app and PostgreSQL are, its users. */
    public static Map<String, String> dashboardSettings(Map<String, String> endpoints) {
        Map<String, String> settings = new HashMap<>();
        copy(endpoints, Endpoints.STREAMS_URL, settings, DashboardConfig.STREAMS_URL);
        copy(endpoints, Endpoints.STREAMS_USER, settings, DashboardConfig.STREAMS_USER);
        copy(endpoints, Endpoints.STREAMS_PASSWORD, settings, DashboardConfig.STREAMS_PASSWORD);
        copy(endpoints, Endpoints.PG_URL, settings, DashboardConfig.PG_URL);
        copy(endpoints, Endpoints.PG_USER, settings, DashboardConfig.PG_USER);
        copy(endpoints, Endpoints.PG_PASSWORD, settings, DashboardConfig.PG_PASSWORD);
        // read only with dashboard.authentication.method=BASIC
        copy(endpoints, Endpoints.BOARD_USERS, settings, DashboardConfig.HTTP_PREFIX + HttpSettings.AUTHENTICATION_USERS);
        return settings;
    }

    /** How a component that can stop on its own is waited for. */
    @FunctionalInterface
    interface Ending {
        /** Blocks until the component stopped (closed, or failed for good); returns whether it failed. */
        boolean awaitFailed() throws InterruptedException;
    }

    /**
     * Runs until SIGTERM closes the component (status OK), or until the component fails for good
     * (status FAILED): a service that cannot go on must exit, so that its supervisor (docker-compose's
     * restart policy, systemd) restarts it, not stay up with nothing done. {@code ending} null: only SIGTERM.
     */
    static int runUntilStopped(AutoCloseable component, String name, Ending ending, PrintStream err) throws InterruptedException {
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
        if (ending != null && ending.awaitFailed()) {
            err.println("pulse " + name + ": stopped on an error it cannot recover from (see the log above); exiting with status "
                    + Command.FAILED + " so that it is restarted");
            return Command.FAILED;
        }
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
