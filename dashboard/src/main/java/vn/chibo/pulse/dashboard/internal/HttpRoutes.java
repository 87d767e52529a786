package vn.chibo.pulse.dashboard.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every URL of the dashboard: the page, its assets, the JSON API, the event stream and /health. */
public final class HttpRoutes implements HttpHandler {

    private static final Logger log = LoggerFactory.getLogger(HttpRoutes.class);
    private static final int MAX_TREND_MONTHS = 120;

    /** The page loads only from its own origin; this also keeps any stray external reference from loading. */
    private static final String CSP = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
            + "script-src 'self'; connect-src 'self'; font-src 'self'; base-uri 'none'; frame-ancestors 'none'";

    private final StaticAssets assets;
    private final SnapshotWatcher watcher;
    private final ReportingDatabase database;
    private final EventStream stream;
    private final ObjectMapper json;
    private final int trendMonths;

    public HttpRoutes(StaticAssets assets, SnapshotWatcher watcher, ReportingDatabase database, EventStream stream,
                      ObjectMapper json, int trendMonths) {
        this.assets = assets;
        this.watcher = watcher;
        this.database = database;
        this.stream = stream;
        this.json = json;
        this.trendMonths = trendMonths;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                sendJson(exchange, 405, error("method " + method + " is not allowed; use GET"));
                return;
            }
            String path = exchange.getRequestURI().getPath();
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            Optional<Level> level = path.startsWith("/api/") ? Level.byId(path.substring(5)) : Optional.empty();
            if (level.isPresent()) {
                sendJson(exchange, 200, view(level.get(), query));
                return;
            }
            switch (path) {
                case "/api/summary" -> sendJson(exchange, 200, watcher.latest());
                case "/api/rejections" -> sendJson(exchange, 200, watcher.latest().rejections());
                case "/api/export" -> export(exchange, query);
                case "/api/stream" -> stream.serve(exchange);
                case "/health" -> health(exchange);
                default -> asset(exchange, path);
            }
        } catch (BadRequest e) {
            sendJson(exchange, 400, error(e.getMessage()));
        } catch (NotFound e) {
            sendJson(exchange, 404, error(e.getMessage()));
        } catch (SQLException e) {
            sendJson(exchange, 503, error("PostgreSQL does not answer: " + e.getMessage()));
        } catch (IOException e) {
            log.debug("Client went away: {}", e.toString());
        } catch (RuntimeException e) {
            log.warn("Failed to answer {}", exchange.getRequestURI(), e);
            try {
                sendJson(exchange, 500, error("internal error: " + e));
            } catch (IOException | RuntimeException ignored) {
                // headers may already be sent
            }
        } finally {
            exchange.close();
        }
    }

    /** GET /api/{level}?code=…&month=YYYY-MM&months=n: one unit with the units below it. */
    private UnitView view(Level level, Map<String, String> query) throws SQLException {
        String code = query.getOrDefault("code", "");
        if (level != Level.PROVINCE && code.isEmpty()) {
            throw new BadRequest("code is required: the " + level.id() + "'s code");
        }
        YearMonth month = query.containsKey("month") ? parseMonth(query.get("month")) : watcher.currentMonth();
        int months = trendMonths;
        if (query.containsKey("months")) {
            try {
                months = Integer.parseInt(query.get("months"));
            } catch (NumberFormatException e) {
                throw new BadRequest("months must be a whole number");
            }
            if (months < 1 || months > MAX_TREND_MONTHS) {
                throw new BadRequest("months must be between 1 and " + MAX_TREND_MONTHS);
            }
        }
        return database.view(level, code, month, months).orElseThrow(() -> new NotFound(
                "no " + level.id() + " '" + code + "' with branches in the tree as it is now"));
    }

    /**
     * GET /api/export?view=units|watch-list|trend|grades|all&format=xlsx|csv&level=…&code=…&month=…:
     * a table of the view the page shows, as a download.
     */
    private void export(HttpExchange exchange, Map<String, String> query) throws SQLException, IOException {
        String levelId = query.getOrDefault("level", Level.PROVINCE.id());
        Level level = Level.byId(levelId).orElseThrow(() -> new BadRequest(
                "level must be province, district, commune or branch, not '" + levelId + "'"));
        if (!query.containsKey("view")) {
            throw new BadRequest("view is required: units, watch-list, trend, grades or all");
        }
        Exports.Download download;
        try {
            download = Exports.download(query.get("view"), query.getOrDefault("format", "xlsx"), view(level, query));
        } catch (IllegalArgumentException e) {
            throw new BadRequest(e.getMessage());
        }
        Headers h = exchange.getResponseHeaders();
        h.set("Content-Type", download.contentType());
        h.set("Content-Disposition", "attachment; filename=\"" + download.fileName() + "\"");
        h.set("Cache-Control", "no-store");
        h.set("X-Content-Type-Options", "nosniff");
        send(exchange, 200, download.body());
    }

    /** UP (200) while both sources answer: PostgreSQL for the figures, the streams app for the rejections. */
    private void health(HttpExchange exchange) throws IOException {
        Snapshot latest = watcher.latest();
        boolean up = latest.sources().postgres().equals("UP") && latest.sources().streams().equals("UP");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", up ? "UP" : "DOWN");
        body.put("postgres", latest.sources().postgres());
        body.put("streams", latest.sources().streams());
        body.put("version", latest.version());
        body.put("lastChanged", latest.lastChanged());
        body.put("streamClients", stream.clientCount());
        sendJson(exchange, up ? 200 : 503, body);
    }

    private void asset(HttpExchange exchange, String path) throws IOException {
        StaticAssets.Asset asset = assets.find(path).orElse(null);
        if (asset == null) {
            sendJson(exchange, 404, error("no such page: " + path));
            return;
        }
        Headers h = exchange.getResponseHeaders();
        h.set("Content-Type", asset.contentType());
        h.set("ETag", asset.etag());
        h.set("Cache-Control", "no-cache");
        h.set("Content-Security-Policy", CSP);
        h.set("X-Content-Type-Options", "nosniff");
        if (asset.etag().equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
            exchange.sendResponseHeaders(304, -1);
            return;
        }
        send(exchange, 200, asset.body());
    }

    private void sendJson(HttpExchange exchange, int status, Object body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        send(exchange, status, json.writeValueAsBytes(body));
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static Map<String, String> error(String message) {
        return Map.of("error", message);
    }

    private static YearMonth parseMonth(String text) {
        try {
            return YearMonth.parse(text);
        } catch (DateTimeParseException e) {
            throw new BadRequest("month must be written YYYY-MM, not '" + text + "'");
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            out.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
        }
        return out;
    }

    private static final class BadRequest extends RuntimeException {
        BadRequest(String message) {
            super(message, null, false, false);
        }
    }

    private static final class NotFound extends RuntimeException {
        NotFound(String message) {
            super(message, null, false, false);
        }
    }
}
