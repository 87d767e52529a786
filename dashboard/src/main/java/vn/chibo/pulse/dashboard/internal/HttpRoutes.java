package vn.chibo.pulse.dashboard.internal;

import java.sql.SQLException;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

import vn.chibo.pulse.http.Call;
import vn.chibo.pulse.http.HttpError;
import vn.chibo.pulse.http.PrometheusMetrics;
import vn.chibo.pulse.http.Reply;
import vn.chibo.pulse.http.Route;
import vn.chibo.pulse.http.WebServer;

/**
 * Every URL of the dashboard: the page, its assets, the JSON API, the event stream, /health and /metrics, as routes of
 * the shared HTTP layer (which checks Host, limits, CORS and credentials before any of them).
 */
public final class HttpRoutes {

    private static final int MAX_TREND_MONTHS = 120;

    /** The page loads only from its own origin; this also keeps any stray external reference from loading. */
    private static final String CSP = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
            + "script-src 'self'; connect-src 'self'; font-src 'self'; base-uri 'none'; frame-ancestors 'none'";

    private final StaticAssets assets;
    private final SnapshotWatcher watcher;
    private final ReportingDatabase database;
    private final EventStream stream;
    private final DashboardMetrics metrics;
    private final int trendMonths;

    public HttpRoutes(StaticAssets assets, SnapshotWatcher watcher, ReportingDatabase database, EventStream stream,
                      DashboardMetrics metrics, int trendMonths) {
        this.assets = assets;
        this.watcher = watcher;
        this.database = database;
        this.stream = stream;
        this.metrics = metrics;
        this.trendMonths = trendMonths;
    }

    /** Adds the dashboard's routes to {@code server}. */
    public WebServer.Builder addTo(WebServer.Builder server) {
        return server
                .get("/api/summary", call -> Reply.ok(watcher.latest()))
                .get("/api/rejections", call -> Reply.ok(watcher.latest().rejections()))
                .get("/api/export", database(this::export))
                .get("/health", call -> health())
                .get("/health/ready", call -> ready())
                .get("/health/live", call -> Reply.json(200, Map.of("status", "UP")))
                .get("/metrics", PrometheusMetrics.route(metrics::scrape))
                .events("/api/stream", stream.channel())
                .getUnder("/api/", database(call -> {
                    Level level = Level.byId(call.path().substring(5)).orElse(null);
                    return level == null ? null : Reply.ok(view(level, call.params()));
                }))
                .getUnder("/", this::asset)
                // what a container's health check or a load balancer asks, without credentials
                .withoutCredentials("/health/ready", "/health/live");
    }

    /** A route reading PostgreSQL: 503 while it does not answer. */
    private interface DatabaseRoute {
        Reply answer(Call call) throws SQLException;
    }

    private static Route database(DatabaseRoute route) {
        return call -> {
            try {
                return route.answer(call);
            } catch (SQLException e) {
                return Reply.error(503, "PostgreSQL does not answer: " + e.getMessage());
            }
        };
    }

    /** GET /api/{level}?code=…&month=YYYY-MM&months=n: one unit with the units below it. */
    private UnitView view(Level level, Map<String, String> query) throws SQLException {
        String code = query.getOrDefault("code", "");
        if (level != Level.PROVINCE && code.isEmpty()) {
            throw HttpError.badRequest("code is required: the " + level.id() + "'s code");
        }
        YearMonth month = query.containsKey("month") ? parseMonth(query.get("month")) : watcher.currentMonth();
        int months = trendMonths;
        if (query.containsKey("months")) {
            try {
                months = Integer.parseInt(query.get("months"));
            } catch (NumberFormatException e) {
                throw HttpError.badRequest("months must be a whole number");
            }
            if (months < 1 || months > MAX_TREND_MONTHS) {
                throw HttpError.badRequest("months must be between 1 and " + MAX_TREND_MONTHS);
            }
        }
        return database.view(level, code, month, months).orElseThrow(() -> HttpError.notFound(
                "no " + level.id() + " '" + code + "' with branches in the tree as it is now"));
    }

    /**
     * GET /api/export?view=units|watch-list|trend|grades|all&format=xlsx|csv&level=…&code=…&month=…:
     * a table of the view the page shows, as a download.
     */
    private Reply export(Call call) throws SQLException {
        Map<String, String> query = call.params();
        String levelId = query.getOrDefault("level", Level.PROVINCE.id());
        Level level = Level.byId(levelId).orElseThrow(() -> HttpError.badRequest(
                "level must be province, district, commune or branch, not '" + levelId + "'"));
        if (!query.containsKey("view")) {
            throw HttpError.badRequest("view is required: units, watch-list, trend, grades or all");
        }
        Exports.Download download;
        try {
            download = Exports.download(query.get("view"), query.getOrDefault("format", "xlsx"), view(level, query));
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest(e.getMessage());
        }
        return Reply.bytes(200, download.contentType(), download.body())
                .header("Content-Disposition", "attachment; filename=\"" + download.fileName() + "\"")
                .header("Cache-Control", "no-store");
    }

    /** UP (200) while both sources answer: PostgreSQL for the figures, the streams app for the rejections. */
    private Reply health() {
        Snapshot latest = watcher.latest();
        boolean up = latest.sources().postgres().equals("UP") && latest.sources().streams().equals("UP");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", up ? "UP" : "DOWN");
        body.put("postgres", latest.sources().postgres());
        body.put("streams", latest.sources().streams());
        body.put("version", latest.version());
        body.put("lastChanged", latest.lastChanged());
        body.put("streamClients", stream.clientCount());
        body.put("streamClientsDropped", stream.channel().dropped());
        return Reply.json(up ? 200 : 503, body);
    }

    /**
     * Ready while PostgreSQL answers: every figure on the board comes from it (the streams app only
     * adds the live counts). The body says no more than that: probes answer without credentials.
     */
    private Reply ready() {
        boolean up = watcher.latest().sources().postgres().equals("UP");
        return Reply.json(up ? 200 : 503, Map.of("status", up ? "UP" : "DOWN"));
    }

    private Reply asset(Call call) {
        StaticAssets.Asset asset = assets.find(call.path()).orElse(null);
        if (asset == null) {
            return Reply.error(404, "no such page: " + call.path());
        }
        Reply reply = asset.etag().equals(call.header("If-None-Match"))
                ? Reply.notModified()
                : Reply.bytes(200, asset.contentType(), asset.body());
        return reply.header("ETag", asset.etag())
                .header("Cache-Control", "no-cache")
                .header("Content-Security-Policy", CSP);
    }

    private static YearMonth parseMonth(String text) {
        try {
            return YearMonth.parse(text);
        } catch (DateTimeParseException e) {
            throw HttpError.badRequest("month must be written YYYY-MM, not '" + text + "'");
        }
    }
}
