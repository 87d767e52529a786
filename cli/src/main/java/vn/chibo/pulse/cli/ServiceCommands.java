package vn.chibo.pulse.cli;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import vn.chibo.pulse.dashboard.DashboardConfig;
import vn.chibo.pulse.dashboard.DashboardServer;
import vn.chibo.pulse.http.HttpSettings;
import vn.chibo.pulse.launch.ServiceLauncher;
import vn.chibo.pulse.sink.SinkConfig;
import vn.chibo.pulse.sink.SinkMain;
import vn.chibo.pulse.streams.StreamsMain;

/**
 * One component of the pipeline alone, until SIGTERM: what each service of docker-compose.yml
 * runs, started as its own main starts it ({@link ServiceLauncher}: {@code --help}, {@code --config FILE},
 * {@code key=value}). The resolved endpoints take the place of the environment below the files and
 * arguments; so secrets (passwords, users) come from the environment rather than the command line
 * (docs/streams.md, docs/sink.md).
 */
public final class ServiceCommands {

    private ServiceCommands() {
    }

    /** {@code ./pulse streams [key=value …]}: the Kafka Streams aggregates app. */
    static int streams(List<String> args, Map<String, String> endpoints, PrintStream out, PrintStream err) {
        return ServiceLauncher.run(StreamsMain.SERVICE, args, streamsSettings(endpoints), out, err);
    }

    /** {@code ./pulse sink [key=value …]}: the PostgreSQL sink. */
    static int sink(List<String> args, Map<String, String> endpoints, PrintStream out, PrintStream err) {
        return ServiceLauncher.run(SinkMain.SERVICE, args, sinkSettings(endpoints), out, err);
    }

    /** {@code ./pulse dashboard [key=value …]}: the board's web page, reading the streams app and PostgreSQL. */
    static int dashboard(List<String> args, Map<String, String> endpoints, PrintStream out, PrintStream err) {
        return ServiceLauncher.run(DashboardServer.SERVICE, args, dashboardSettings(endpoints), out, err);
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

    private static void copy(Map<String, String> from, String fromKey, Map<String, String> to, String toKey) {
        String value = from.get(fromKey);
        if (value != null && !value.isBlank()) {
            to.put(toKey, value);
        }
    }
}
