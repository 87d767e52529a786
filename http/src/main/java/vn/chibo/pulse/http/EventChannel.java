package vn.chibo.pulse.http;

import java.time.Duration;
import java.util.function.Supplier;

import vn.chibo.pulse.http.internal.EventClients;

/**
 * Server-Sent Events to any number of clients, within limits: at most {@code sse.max.clients} at once (one
 * more is answered 503), and at most {@code sse.queue.events} events waiting for any one of them. Events are
 * written without a thread per client; a client that falls further behind (it does not read, or reads slower
 * than events come) is disconnected rather than buffered for, so memory does not grow with slow clients.
 * A client gets {@code first} at once when it connects, then every event {@link #publish}ed; a comment line
 * every {@code heartbeat} keeps an idle connection open and finds clients that have gone.
 */
public final class EventChannel implements AutoCloseable {

    final EventClients clients;

    /** {@code first} gives the event a new client gets at once (null: none). */
    public EventChannel(String name, HttpSettings settings, Duration heartbeat, Supplier<String> first) {
        this.clients = new EventClients(name, settings.sseMaxClients(), settings.sseQueueEvents(), heartbeat, first);
    }

    /** One event in the text form of Server-Sent Events: its id, type and data (each line of it a data line). */
    public static String event(String id, String type, String data) {
        StringBuilder frame = new StringBuilder();
        if (id != null) {
            frame.append("id: ").append(id).append('\n');
        }
        if (type != null) {
            frame.append("event: ").append(type).append('\n');
        }
        for (String line : data.split("\n", -1)) {
            frame.append("data: ").append(line).append('\n');
        }
        return frame.append('\n').toString();
    }

    /** Sends {@code event} (see {@link #event}) to every client connected. */
    public void publish(String event) {
        clients.publish(event);
    }

    /** Clients connected now. */
    public int clientCount() {
        return clients.count();
    }

    /** Clients disconnected since start because they fell {@code sse.queue.events} behind (or their writes failed). */
    public long dropped() {
        return clients.dropped();
    }

    /** The most events that ever waited for one client: never above {@link #queueLimit()}. */
    public int deepestQueue() {
        return clients.deepestQueue();
    }

    /** Events waiting for all clients together now. */
    public long queuedNow() {
        return clients.queuedNow();
    }

    public int queueLimit() {
        return clients.queueLimit();
    }

    /** Ends every open stream, so that the server can stop without waiting for them. */
    @Override
    public void close() {
        clients.close();
    }
}
