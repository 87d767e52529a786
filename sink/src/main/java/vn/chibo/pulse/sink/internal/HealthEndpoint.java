package vn.chibo.pulse.sink.internal;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import vn.chibo.pulse.sink.SinkHealth;

/** GET /health: 200 with the health as JSON while the sink runs, 503 otherwise. */
public final class HealthEndpoint implements AutoCloseable {

    private final HttpServer server;

    public HealthEndpoint(String host, int port, Supplier<SinkHealth> health) throws IOException {
        server = HttpServer.create(new InetSocketAddress(host, port), 0);
        server.createContext("/health", exchange -> {
            try (exchange) {
                SinkHealth h = health.get();
                byte[] body = (h.toJson() + "\n").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                if ("HEAD".equals(exchange.getRequestMethod())) {
                    exchange.sendResponseHeaders(h.healthy() ? 200 : 503, -1);
                    return;
                }
                exchange.sendResponseHeaders(h.healthy() ? 200 : 503, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        server.start();
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
