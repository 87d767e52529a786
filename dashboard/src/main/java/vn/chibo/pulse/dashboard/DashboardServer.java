package vn.chibo.pulse.dashboard;

import java.time.Clock;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import vn.chibo.pulse.http.EventChannel;
import vn.chibo.pulse.http.HttpSettings;
import vn.chibo.pulse.http.WebServer;
import vn.chibo.pulse.launch.Running;
import vn.chibo.pulse.launch.Service;
import vn.chibo.pulse.launch.ServiceLauncher;

import vn.chibo.pulse.dashboard.internal.DashboardMetrics;
import vn.chibo.pulse.dashboard.internal.EventStream;
import vn.chibo.pulse.dashboard.internal.HttpRoutes;
import vn.chibo.pulse.dashboard.internal.ReportingDatabase;
import vn.chibo.pulse.dashboard.internal.SnapshotWatcher;
import vn.chibo.pulse.dashboard.internal.StaticAssets;
import vn.chibo.pulse.dashboard.internal.StreamsQueryClient;

/**
 * The provincial board's live page and its JSON API, on the shared HTTP layer ({@link WebServer}: Jetty, with
 * the limits, Host and Origin checks and basic authentication of the {@code dashboard.*} HTTP settings).
 *
 * <pre>{@code
 * try (DashboardServer dashboard = DashboardServer.start(new DashboardConfig(Map.of(
 *         DashboardConfig.PORT, 0,
 *         DashboardConfig.PG_URL, "jdbc:postgresql://127.0.0.1:5432/pulse?user=alice",
 *         DashboardConfig.STREAMS_URL, streams.queryUrl())))) {
 *     System.out.println(dashboard.url());
 * }
 * }</pre>
 */
public final class DashboardServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DashboardServer.class);

    private final WebServer http;
    private final SnapshotWatcher watcher;
    private final EventStream stream;
    private final DashboardMetrics metrics;
    private final StreamsState source;
    private final String url;
    private boolean closed;

    private DashboardServer(WebServer http, SnapshotWatcher watcher, EventStream stream, DashboardMetrics metrics,
                            StreamsState source) {
        this.http = http;
        this.watcher = watcher;
        this.stream = stream;
        this.metrics = metrics;
        this.source = source;
        this.url = http.url().toString();
    }

    /** Starts the dashboard reading PostgreSQL and the streams app's query API named in the settings. */
    public static DashboardServer start(DashboardConfig config) {
        return start(config, new StreamsQueryClient(config.streamsUrl(), config.httpTimeout(), config.streamsAuthorization()),
                Clock.systemUTC());
    }

    /**
     * Starts the dashboard with the figures from the PostgreSQL of the settings and the rejections
     * from {@code source}, which the server closes when it closes.
     */
    public static DashboardServer start(DashboardConfig config, StreamsState source, Clock clock) {
        ObjectMapper json = new ObjectMapper();
        String pgUrl = config.pgUrl().orElseThrow(() -> new DashboardStartException("Set " + DashboardConfig.PG_URL
                + ": the board's figures come from the analysts' PostgreSQL (schema reporting).", null));
        HttpSettings settings;
        try {
            settings = config.httpSettings();
        } catch (RuntimeException e) {
            source.close();
            throw e;
        }
        ReportingDatabase database = new ReportingDatabase(pgUrl, config.pgUser().orElse(null),
                config.pgPassword().orElse(null));
        SnapshotWatcher watcher = new SnapshotWatcher(database, source, clock, config.timeZone(),
                config.pollInterval(), config.fullRefresh());
        EventStream[] stream = new EventStream[1];
        EventChannel channel = new EventChannel("dashboard", settings, config.heartbeat(), () -> stream[0].latest());
        stream[0] = new EventStream(watcher, json, channel);
        DashboardMetrics metrics = new DashboardMetrics(stream[0], watcher);

        WebServer http;
        try {
            http = new HttpRoutes(new StaticAssets(), watcher, database, stream[0], metrics, config.trendMonths())
                    .addTo(WebServer.builder("dashboard", settings))
                    .start(config.bindHost(), config.port());
        } catch (IllegalStateException e) {
            stream[0].close();
            metrics.close();
            source.close();
            throw new DashboardStartException(e.getMessage() + (e.getMessage().contains("port is taken")
                    ? " (" + DashboardConfig.PORT + ")" : ""), e);
        }
        watcher.start();
        log.info("Dashboard at {} reading {} and {}", http.url(), database, source);
        return new DashboardServer(http, watcher, stream[0], metrics, source);
    }

    /** The page's address, ending with a slash, e.g. {@code http://127.0.0.1:8088/}. */
    public String url() {
        return url;
    }

    /** The event stream's clients and bounds (for tests and measurements). */
    EventChannel eventChannel() {
        return stream.channel();
    }

    /** The port the server listens on. */
    public int port() {
        return http.port();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        watcher.close();
        // Open event streams end first; nothing is left worth waiting for.
        stream.close();
        http.close();
        metrics.close();
        source.close();
        log.info("Dashboard at {} stopped", url);
    }

    /**
     * The dashboard as the launcher starts it ({@link ServiceLauncher}), from its main or from {@code ./pulse dashboard}:
     * where the streams app and PostgreSQL are defaults to the same environment variables as {@code ./pulse}'s.
     */
    public static final Service SERVICE = new Service("dashboard", DashboardConfig.definition(), Map.of(
            "PULSE_STREAMS_URL", DashboardConfig.STREAMS_URL,
            "PULSE_STREAMS_USER", DashboardConfig.STREAMS_USER,
            "PULSE_STREAMS_PASSWORD", DashboardConfig.STREAMS_PASSWORD,
            "PULSE_PG_URL", DashboardConfig.PG_URL,
            "PULSE_PG_USER", DashboardConfig.PG_USER,
            "PULSE_PG_PASSWORD", DashboardConfig.PG_PASSWORD,
            "PULSE_BOARD_USERS", DashboardConfig.HTTP_PREFIX + HttpSettings.AUTHENTICATION_USERS),
            settings -> {
                DashboardServer server;
                try {
                    server = start(new DashboardConfig(settings));
                } catch (DashboardStartException e) {
                    // a setting missing, or the port it names taken: for the operator to change
                    throw new IllegalArgumentException(e.getMessage(), e);
                }
                return Running.untilStopped(server, "running at " + server.url());
            });

    /**
     * Runs the dashboard until SIGTERM. Arguments are settings as {@code key=value} or the path of a properties file
     * holding them; see {@link DashboardConfig}, or {@code --help}.
     */
    public static void main(String[] args) {
        ServiceLauncher.main(SERVICE, args);
    }
}
