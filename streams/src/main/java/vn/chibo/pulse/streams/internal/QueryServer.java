package vn.chibo.pulse.streams.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Interactive queries over HTTP (GET, JSON). Any instance of the app answers for all: it merges the
 * partial answers of the instances that hold the state ({@link AggregateQueries}), which they give at
 * {@code /internal/local/...} from their own stores. While no instance can read a part of the state
 * (restoring, rebalancing), the answer is 503 with this app's state.
 *
 * <pre>
 * GET /health                                   {"state": "RUNNING"}
 * GET /health/ready, /health/live               200 when processing / not stopped for good, else 503
 * GET /metrics                                  Prometheus text format (when served, see serveText)
 * GET /api/current                              current totals of every branch (and the province)
 * GET /api/monthly?month=YYYY-MM                one month (default: this month in Vietnam)
 * GET /api/monthly/recent?months=12&amp;to=YYYY-MM  the last N months up to 'to' (default 12, this month)
 * GET /api/yearly?year=YYYY                     grades and members at risk (default: this year)
 * GET /api/rejections                           refused events per reason code
 * GET /api/last-changed                         when an aggregate last changed
 * GET /api/summary                              all of the above for now, in one answer
 * GET /internal/local/{current,monthly?month=,yearly?year=,rejections,last-changed}  this instance's part
 * </pre>
 */
public final class QueryServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(QueryServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_MONTHS = 120;
    /** This instance's stores only: what another instance asks when it merges an answer. */
    public static final String LOCAL = "/internal/local/";
    /** Kafka Streams states it does not leave by itself. */
    private static final Set<String> STOPPED = Set.of("ERROR", "PENDING_ERROR", "NOT_RUNNING", "PENDING_SHUTDOWN");

    private final HttpServer server;
    private final ExecutorService executor;
    private final AggregateQueries queries;
    private final Supplier<String> state;

    public QueryServer(String host, int port, AggregateQueries queries, Supplier<String> state) throws IOException {
        this.queries = queries;
        this.state = state;
        this.server = HttpServer.create(new InetSocketAddress(host, port), 0);
        this.executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "pulse-query-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** The bound address (port 0 in the settings becomes the port picked). */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    public URI url() {
        InetSocketAddress address = server.getAddress();
        return URI.create("http://" + address.getHostString() + ":" + address.getPort() + "/");
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod())) {
                send(exchange, 405, error("only GET is supported"));
                return;
            }
            String path = exchange.getRequestURI().getPath();
            if (path.startsWith("/health/")) {
                health(exchange, path);
                return;
            }
            Map<String, String> params = params(exchange.getRequestURI().getRawQuery());
            try {
                JsonNode body = path.startsWith(LOCAL) ? queries.local(path.substring(LOCAL.length()) + query(exchange)) : switch (path) {
                    case "/health" -> JSON.createObjectNode().put("state", state.get());
                    case "/api/current" -> queries.current();
                    case "/api/monthly" -> queries.monthly(month(params.get("month")));
                    case "/api/monthly/recent" -> queries.recentMonths(month(params.get("to")), months(params.get("months")));
                    case "/api/yearly" -> queries.yearly(year(params.get("year")));
                    case "/api/rejections" -> queries.rejections();
                    case "/api/last-changed" -> queries.lastChangedJson();
                    case "/api/summary" -> queries.summary();
                    default -> null;
                };
                if (body == null) {
                    send(exchange, 404, error("no such resource: " + path));
                } else {
                    send(exchange, 200, body);
                }
            } catch (IllegalArgumentException e) {
                send(exchange, 400, error(e.getMessage()));
            } catch (InvalidStateStoreException e) {
                ObjectNode body = error("the aggregates are not readable right now: " + e.getMessage());
                body.put("state", state.get());
                exchange.getResponseHeaders().add("Retry-After", "1");
                send(exchange, 503, body);
            } catch (RuntimeException e) {
                log.warn("query {} failed", exchange.getRequestURI(), e);
                send(exchange, 500, error(e.toString()));
            }
        }
    }

    /** Ready: the app processes and its stores can be read. Live: it has not stopped for good (a restart would help). */
    private void health(HttpExchange exchange, String path) throws IOException {
        String s = state.get();
        Boolean ok = switch (path) {
            case "/health/ready" -> s.equals("RUNNING");
            case "/health/live" -> !STOPPED.contains(s);
            default -> null;
        };
        if (ok == null) {
            send(exchange, 404, error("no such resource: " + path));
        } else {
            send(exchange, ok ? 200 : 503, JSON.createObjectNode().put("state", s));
        }
    }

    /** GET {@code path} answers {@code text} (e.g. the Prometheus exposition at /metrics). */
    public void serveText(String path, String contentType, Supplier<String> text) {
        server.createContext(path, exchange -> {
            try (exchange) {
                byte[] bytes = text.get().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", contentType);
                exchange.sendResponseHeaders(200, bytes.length);
                exchange.getResponseBody().write(bytes);
            }
        });
    }

    private static String query(HttpExchange exchange) {
        String query = exchange.getRequestURI().getRawQuery();
        return query == null ? "" : "?" + query;
    }

    private YearMonth month(String value) {
        if (value == null || value.isBlank()) {
            return queries.thisMonth();
        }
        try {
            return YearMonth.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("month must be YYYY-MM, got \"" + value + "\"");
        }
    }

    private int year(String value) {
        if (value == null || value.isBlank()) {
            return queries.thisMonth().getYear();
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("year must be a number, got \"" + value + "\"");
        }
    }

    private static int months(String value) {
        if (value == null || value.isBlank()) {
            return 12;
        }
        try {
            int n = Integer.parseInt(value);
            if (n < 1 || n > MAX_MONTHS) {
                throw new IllegalArgumentException("months must be between 1 and " + MAX_MONTHS + ", got " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("months must be a number, got \"" + value + "\"");
        }
    }

    static Map<String, String> params(String rawQuery) {
        Map<String, String> params = new HashMap<>();
        if (rawQuery == null) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            params.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return params;
    }

    private static ObjectNode error(String message) {
        return JSON.createObjectNode().put("error", message);
    }

    private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        // The dashboard may be served from another port.
        exchange.getResponseHeaders().set("Access-Control-Allow-Origin", "*");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
