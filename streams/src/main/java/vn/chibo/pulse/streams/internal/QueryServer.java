package vn.chibo.pulse.streams.internal;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import vn.chibo.pulse.http.Call;
import vn.chibo.pulse.http.HttpError;
import vn.chibo.pulse.http.HttpSettings;
import vn.chibo.pulse.http.Reply;
import vn.chibo.pulse.http.Route;
import vn.chibo.pulse.http.WebServer;

/**
 * Interactive queries over HTTP (GET, JSON). Any instance of the app answers for all: it merges the
 * partial answers of the instances that hold the state ({@link AggregateQueries}), which they give at
 * {@code /internal/local/...} from their own stores. While no instance can read a part of the state
 * (restoring, rebalancing), the answer is 503 with this app's state. It runs on the shared HTTP layer
 * ({@link WebServer}): the limits, Host check, CORS allow-list and basic authentication of {@code http.*};
 * only the probes /health/ready and /health/live answer without credentials.
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
    /** The prefix of the query server's settings in {@link PulseStreamsConfig}. */
    public static final String SETTINGS_PREFIX = "http.";
    /** Kafka Streams states it does not leave by itself. */
    private static final Set<String> STOPPED = Set.of("ERROR", "PENDING_ERROR", "NOT_RUNNING", "PENDING_SHUTDOWN");

    private final WebServer server;
    private final AggregateQueries queries;
    private final Supplier<String> state;

    /** On loopback with the default limits and no authentication (tests). */
    public QueryServer(String host, int port, AggregateQueries queries, Supplier<String> state) {
        this(host, port, HttpSettings.of(SETTINGS_PREFIX, Map.of()), queries, state);
    }

    /** IllegalStateException if it cannot listen (port taken, or beyond loopback without authentication). */
    public QueryServer(String host, int port, HttpSettings settings, AggregateQueries queries, Supplier<String> state) {
        this.queries = queries;
        this.state = state;
        this.server = WebServer.builder("streams query server", settings)
                .get("/health", call -> Reply.ok(JSON.createObjectNode().put("state", state.get())))
                .get("/health/ready", call -> health(state.get().equals("RUNNING")))
                .get("/health/live", call -> health(!STOPPED.contains(state.get())))
                .get("/api/current", query(call -> queries.current()))
                .get("/api/monthly", query(call -> queries.monthly(month(call.param("month")))))
                .get("/api/monthly/recent", query(call -> queries.recentMonths(month(call.param("to")), months(call.param("months")))))
                .get("/api/yearly", query(call -> queries.yearly(year(call.param("year")))))
                .get("/api/rejections", query(call -> queries.rejections()))
                .get("/api/last-changed", query(call -> queries.lastChangedJson()))
                .get("/api/summary", query(call -> queries.summary()))
                .getUnder(LOCAL, query(call -> queries.local(call.path().substring(LOCAL.length())
                        + (call.rawQuery().isEmpty() ? "" : "?" + call.rawQuery()))))
                .withoutCredentials("/health/ready", "/health/live")
                .start(host, port);
    }

    /** What this server answers from (tests start a second server over the same queries). */
    AggregateQueries queries() {
        return queries;
    }

    /** The bound address (port 0 in the settings becomes the port picked). */
    public InetSocketAddress address() {
        return server.address();
    }

    public URI url() {
        return server.url();
    }

    /** A query of the aggregates, answered 400 for a bad parameter and 503 while the state cannot be read. */
    private interface Query {
        JsonNode run(Call call);
    }

    private Route query(Query query) {
        return call -> {
            try {
                return Reply.ok(query.run(call));
            } catch (HttpError e) {
                throw e;
            } catch (IllegalArgumentException e) {
                throw HttpError.badRequest(e.getMessage());
            } catch (InvalidStateStoreException e) {
                ObjectNode body = JSON.createObjectNode().put("error", "the aggregates are not readable right now: " + e.getMessage());
                body.put("state", state.get());
                return Reply.json(503, body).header("Retry-After", "1");
            } catch (RuntimeException e) {
                log.warn("query {} failed", call.path(), e);
                return Reply.error(500, e.toString());
            }
        };
    }

    /** Ready: the app processes and its stores can be read. Live: it has not stopped for good (a restart would help). */
    private Reply health(boolean ok) {
        return Reply.json(ok ? 200 : 503, JSON.createObjectNode().put("state", state.get()));
    }

    /** GET {@code path} answers {@code text} (e.g. the Prometheus exposition at /metrics). */
    public void serveText(String path, String contentType, Supplier<String> text) {
        server.get(path, call -> Reply.text(200, contentType, text.get()));
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

    /** The decoded parameters of a query string (may be null). */
    static Map<String, String> params(String rawQuery) {
        return new Call("GET", "/", rawQuery, name -> null).params();
    }

    @Override
    public void close() {
        server.close();
    }
}
