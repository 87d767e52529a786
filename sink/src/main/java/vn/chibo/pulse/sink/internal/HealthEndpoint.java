package vn.chibo.pulse.sink.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import vn.chibo.pulse.sink.SinkHealth;

/**
 * GET /health and /health/ready: 200 with the health as JSON while the sink runs, 503 otherwise.
 * GET /health/live: 200 unless it stopped for good (FAILED, STOPPED): retrying is alive.
 * GET /metrics: the Prometheus text format.
 */
public final class HealthEndpoint implements AutoCloseable {
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;

    public HealthEndpoint(String host, int port, Supplier<SinkHealth> health, Supplier<String> metrics) throws IOException {
        server = HttpServer.create(new InetSocketAddress(host, port), 0);
        server.createContext("/health", exchange -> {
            SinkHealth h = health.get();
            boolean ok = switch (exchange.getRequestURI().getPath()) {
                case "/health", "/health/ready" -> h.healthy();
                case "/health/live" -> h.status() != SinkHealth.Status.FAILED && h.status() != SinkHealth.Status.STOPPED;
                default -> false;
            };
            answer(exchange, ok ? 200 : 503, "application/json", h.toJson() + "\n");
        });
        server.createContext("/metrics", exchange -> answer(exchange, 200, PROMETHEUS_TEXT, metrics.get()));
        server.start();
    }

    private static void answer(HttpExchange exchange, int status, String contentType, String text) throws IOException {
        try (exchange) {
            byte[] body = text.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", contentType);
            if ("HEAD".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(status, -1);
                return;
            }
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    public URI uri() {
        InetSocketAddress address = server.getAddress();
        return URI.create("http://" + address.getHostString() + ":" + address.getPort() + "/health");
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
