package vn.chibo.pulse.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import vn.chibo.pulse.dashboard.internal.EventStream;
import vn.chibo.pulse.dashboard.internal.HttpRoutes;
import vn.chibo.pulse.dashboard.internal.ReportingDatabase;
import vn.chibo.pulse.dashboard.internal.SnapshotWatcher;
import vn.chibo.pulse.dashboard.internal.StaticAssets;
import vn.chibo.pulse.dashboard.internal.StreamsQueryClient;

/**
 * The provincial board's live page and its JSON API, on the JDK's own HTTP server.
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

    private final HttpServer http;
    private final ThreadPoolExecutor executor;
    private final SnapshotWatcher watcher;
    private final EventStream stream;
    private final StreamsState source;
    private final String url;
    private boolean closed;

    private DashboardServer(HttpServer http, ThreadPoolExecutor executor, SnapshotWatcher watcher, EventStream stream,
                            StreamsState source, String url) {
        this.http = http;
        this.executor = executor;
        this.watcher = watcher;
        this.stream = stream;
        this.source = source;
        this.url = url;
    }

    /** Starts the dashboard reading PostgreSQL and the streams app's query API named in the settings. */
    public static DashboardServer start(DashboardConfig config) {
        return start(config, new StreamsQueryClient(config.streamsUrl(), config.httpTimeout()), Clock.systemUTC());
    }

    /**
     * Starts the dashboard with the figures from the PostgreSQL of the settings and the rejections
     * from {@code source}, which the server closes when it closes.
     */
    public static DashboardServer start(DashboardConfig config, StreamsState source, Clock clock) {
        ObjectMapper json = new ObjectMapper();
        String pgUrl = config.pgUrl().orElseThrow(() -> new DashboardStartException("Set " + DashboardConfig.PG_URL
                + ": the board's figures come from the analysts' PostgreSQL (schema reporting).", null));
        ReportingDatabase database = new ReportingDatabase(pgUrl, config.pgUser().orElse(null),
                config.pgPassword().orElse(null));
        SnapshotWatcher watcher = new SnapshotWatcher(database, source, clock, config.timeZone(),
                config.pollInterval(), config.fullRefresh());
        EventStream stream = new EventStream(watcher, json, config.heartbeat());

        HttpServer http;
        try {
            http = HttpServer.create(new InetSocketAddress(config.bindHost(), config.port()), 64);
        } catch (BindException e) {
            source.close();
            throw new DashboardStartException("Cannot listen on " + config.bindHost() + ":" + config.port()
                    + " (" + e.getMessage() + "): is the port taken? Set " + DashboardConfig.PORT
                    + " to another port, or 0 for a free one.", e);
        } catch (IOException e) {
            source.close();
            throw new DashboardStartException("Cannot start the dashboard's HTTP server: " + e.getMessage(), e);
        }
        AtomicInteger threads = new AtomicInteger();
        // Each open event stream holds a thread, hence a pool that grows instead of a fixed one.
        ThreadPoolExecutor executor = new ThreadPoolExecutor(2, 256, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                r -> {
                    Thread t = new Thread(r, "dashboard-http-" + threads.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        http.setExecutor(executor);
        http.createContext("/", new HttpRoutes(new StaticAssets(), watcher, database, stream, json,
                config.trendMonths()));
        watcher.start();
        http.start();
        InetSocketAddress bound = http.getAddress();
        String host = bound.getAddress().isAnyLocalAddress() ? "127.0.0.1" : bound.getHostString();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        String url = "http://" + host + ":" + bound.getPort() + "/";
        log.info("Dashboard at {} reading {} and {}", url, database, source);
        return new DashboardServer(http, executor, watcher, stream, source, url);
    }

    /** The page's address, ending with a slash, e.g. {@code http://127.0.0.1:8088/}. */
    public String url() {
        return url;
    }

    /** The port the server listens on. */
    public int port() {
        return http.getAddress().getPort();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        watcher.close();
        stream.close();
        // Open event streams have ended above; nothing is left worth waiting for.
        http.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        source.close();
        log.info("Dashboard at {} stopped", url);
    }

    /**
     * Runs the dashboard until the process is stopped. Arguments are settings as {@code key=value}
     * or the path of a properties file holding them; see {@link DashboardConfig}.
     */
    public static void main(String[] args) throws Exception {
        System.setProperty("org.apache.avro.SERIALIZABLE_PACKAGES", "vn.chibo.pulse");
        Map<String, Object> settings = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq > 0) {
                settings.put(arg.substring(0, eq), arg.substring(eq + 1));
            } else {
                Properties p = new Properties();
                try (InputStream in = Files.newInputStream(Path.of(arg))) {
                    p.load(in);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read settings file " + arg, e);
                }
                p.forEach((k, v) -> settings.put(k.toString(), v));
            }
        }
        DashboardServer server;
        try {
            server = start(new DashboardConfig(settings));
        } catch (DashboardStartException | org.apache.kafka.common.config.ConfigException e) {
            System.err.println("pulse-dashboard: " + e.getMessage());
            System.exit(2);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "dashboard-shutdown"));
        System.out.println("Dashboard: " + server.url());
        stopped.await();
    }
}
