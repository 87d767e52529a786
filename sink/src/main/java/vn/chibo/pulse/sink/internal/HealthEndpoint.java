package vn.chibo.pulse.sink.internal;

import java.net.URI;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

import vn.chibo.pulse.http.HttpSettings;
import vn.chibo.pulse.http.PrometheusMetrics;
import vn.chibo.pulse.http.Reply;
import vn.chibo.pulse.http.WebServer;
import vn.chibo.pulse.sink.SinkHealth;

/**
 * The sink's HTTP endpoint, on the shared HTTP layer ({@link WebServer}) with the limits, Host check and
 * basic authentication of {@code health.*}:
 * <pre>
 * GET /health          200 with the health as JSON while the sink runs, 503 otherwise
 * GET /health/ready    the same status code, with {"status": …} alone
 * GET /health/live     200 unless it stopped for good (FAILED, STOPPED): retrying is alive; {"status": …}
 * GET /metrics         the Prometheus text format
 * </pre>
 * As on the streams app's query server, only the probes /health/ready and /health/live answer without
 * credentials: a container's health check or an orchestrator's probe has none, and they tell no more than
 * their status (their body is the health's status without its details). /health (with the problem, lag and
 * counts) and /metrics need them.
 */
public final class HealthEndpoint implements AutoCloseable {

    private final WebServer server;

    /** IllegalStateException if it cannot listen (port taken, or beyond loopback without authentication). */
    public HealthEndpoint(String host, int port, HttpSettings settings, Supplier<SinkHealth> health, Supplier<String> metrics) {
        server = WebServer.builder("sink health endpoint", settings)
                .get("/health", call -> details(health.get()))
                .get("/health/ready", call -> probe(health.get(), SinkHealth::healthy))
                .get("/health/live", call -> probe(health.get(), HealthEndpoint::alive))
                .get("/metrics", PrometheusMetrics.route(metrics))
                .withoutCredentials("/health/ready", "/health/live")
                .start(host, port);
    }

    private static boolean alive(SinkHealth h) {
        return h.status() != SinkHealth.Status.FAILED && h.status() != SinkHealth.Status.STOPPED;
    }

    private static Reply details(SinkHealth h) {
        return Reply.text(h.healthy() ? 200 : 503, Reply.JSON_TYPE, h.toJson() + "\n").header("Cache-Control", "no-store");
    }

    /** A probe's answer: only the status, since it needs no credentials. */
    private static Reply probe(SinkHealth h, Predicate<SinkHealth> ok) {
        return Reply.json(ok.test(h) ? 200 : 503, Map.of("status", h.status().name()));
    }

    /** The URL of GET /health. */
    public URI uri() {
        return server.url().resolve("/health");
    }

    @Override
    public void close() {
        server.close();
    }
}
