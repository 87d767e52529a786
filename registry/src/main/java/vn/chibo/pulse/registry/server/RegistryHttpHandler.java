package vn.chibo.pulse.registry.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import vn.chibo.pulse.registry.internal.RestApi;
import vn.chibo.pulse.registry.internal.RestResponse;

/** One HTTP exchange: through the {@link RequestGate}, the body read within its limit and deadline, then the REST API. */
final class RegistryHttpHandler implements HttpHandler {

    private final RestApi api;
    private final RequestGate gate;
    private final ReadDeadlines deadlines;

    RegistryHttpHandler(RestApi api, RequestGate gate, ReadDeadlines deadlines) {
        this.api = api;
        this.gate = gate;
        this.deadlines = deadlines;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            RestResponse refusal = gate.refusal(method, exchange.getRequestHeaders()).orElse(null);
            if (refusal != null) {
                deadlines.requestRead();
                send(exchange, refusal);
                return;
            }
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readNBytes(gate.maxBodyBytes() + 1);
            }
            deadlines.requestRead();
            if (body.length > gate.maxBodyBytes()) {
                send(exchange, gate.tooLarge());
                return;
            }
            send(exchange, api.handle(method, exchange.getRequestURI().getRawPath(),
                    exchange.getRequestURI().getRawQuery(), body));
        }
    }

    private void send(HttpExchange exchange, RestResponse response) throws IOException {
        if (response.status() == 401) {
            exchange.getResponseHeaders().set("WWW-Authenticate", gate.challenge());
        }
        if (response.status() == 413) {
            exchange.getResponseHeaders().set("Connection", "close"); // the rest of the body is never read
        }
        exchange.getResponseHeaders().set("Content-Type", RestResponse.CONTENT_TYPE);
        exchange.sendResponseHeaders(response.status(), response.body().length == 0 ? -1 : response.body().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(response.body());
        }
    }
}
