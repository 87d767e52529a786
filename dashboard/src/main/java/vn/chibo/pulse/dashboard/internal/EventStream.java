package vn.chibo.pulse.dashboard.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GET /api/stream: Server-Sent Events. A client gets the latest snapshot at once and then every
 * new one as the watcher publishes it; comment lines keep an idle connection open and reveal a
 * client that has gone. Each connected client holds one server thread while it listens.
 */
public final class EventStream implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EventStream.class);
    /** Sent to a client's queue to end its stream (server closing). */
    private static final String END = "\u0000end";

    private final SnapshotWatcher watcher;
    private final ObjectMapper json;
    private final Duration heartbeat;
    private final Set<BlockingQueue<String>> clients = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    public EventStream(SnapshotWatcher watcher, ObjectMapper json, Duration heartbeat) {
        this.watcher = watcher;
        this.json = json;
        this.heartbeat = heartbeat;
    }

    public int clientCount() {
        return clients.size();
    }

    /** Serves one client until it goes away or the server closes. */
    public void serve(HttpExchange exchange) throws IOException {
        BlockingQueue<String> queue = new LinkedBlockingQueue<>();
        Consumer<Snapshot> listener = snapshot -> queue.offer(event(snapshot));
        clients.add(queue);
        watcher.addListener(listener);
        try {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
            exchange.getResponseHeaders().set("Cache-Control", "no-cache, no-store");
            exchange.getResponseHeaders().set("X-Accel-Buffering", "no");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            // Ask the browser to come back quickly if the connection drops.
            write(out, "retry: 1000\n\n");
            Snapshot first = watcher.latest();
            if (first != null) {
                write(out, event(first));
            }
            while (!closed) {
                String next = queue.poll(heartbeat.toMillis(), TimeUnit.MILLISECONDS);
                if (next == null) {
                    write(out, ": keep-alive\n\n");
                } else if (next.equals(END)) {
                    break;
                } else {
                    // Only the newest snapshot matters to a client that fell behind.
                    String newer;
                    while ((newer = queue.poll()) != null && !newer.equals(END)) {
                        next = newer;
                    }
                    write(out, next);
                    if (END.equals(newer)) {
                        break;
                    }
                }
            }
        } catch (IOException e) {
            log.debug("SSE client gone: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            watcher.removeListener(listener);
            clients.remove(queue);
            exchange.close();
        }
    }

    private String event(Snapshot snapshot) {
        try {
            return "id: " + snapshot.version() + "\nevent: snapshot\ndata: " + json.writeValueAsString(snapshot) + "\n\n";
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a snapshot as JSON", e);
        }
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Ends every open stream, so that the HTTP server can stop without waiting for them. */
    @Override
    public void close() {
        closed = true;
        for (BlockingQueue<String> q : clients) {
            q.offer(END);
        }
    }
}
