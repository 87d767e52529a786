package vn.chibo.pulse.cli;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import vn.chibo.pulse.dashboard.DashboardServer;
import vn.chibo.pulse.launch.Service;
import vn.chibo.pulse.launch.ServiceLauncher;
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
        return ServiceLauncher.run(StreamsMain.SERVICE, args, settingsFor(StreamsMain.SERVICE, endpoints), out, err);
    }

    /** {@code ./pulse sink [key=value …]}: the PostgreSQL sink. */
    static int sink(List<String> args, Map<String, String> endpoints, PrintStream out, PrintStream err) {
        return ServiceLauncher.run(SinkMain.SERVICE, args, settingsFor(SinkMain.SERVICE, endpoints), out, err);
    }

    /** {@code ./pulse dashboard [key=value …]}: the board's web page, reading the streams app and PostgreSQL. */
    static int dashboard(List<String> args, Map<String, String> endpoints, PrintStream out, PrintStream err) {
        return ServiceLauncher.run(DashboardServer.SERVICE, args, settingsFor(DashboardServer.SERVICE, endpoints), out, err);
    }

    /**
     * A service's settings from the resolved endpoints: each endpoint stands in for its environment variable,
     * and the service maps the variables to its settings as its own main does ({@link Service#environment}),
     * so {@code ./pulse SERVICE} and the main give it the same settings from one declaration.
     */
    public static Map<String, String> settingsFor(Service service, Map<String, String> endpoints) {
        Map<String, String> asEnvironment = new HashMap<>();
        for (Endpoints.Setting setting : Endpoints.Setting.values()) {
            String value = endpoints.get(setting.key());
            if (value != null) {
                asEnvironment.put(setting.env(), value);
            }
        }
        return service.fromEnvironment(asEnvironment);
    }
}
