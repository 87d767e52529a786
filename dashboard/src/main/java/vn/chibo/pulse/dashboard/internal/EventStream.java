package vn.chibo.pulse.dashboard.internal;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.ObjectMapper;

import vn.chibo.pulse.http.EventChannel;

/**
 * GET /api/stream: Server-Sent Events. A client gets the latest snapshot at once and then every new one as
 * the watcher publishes it, through the shared layer's {@link EventChannel}: a bounded queue per client
 * (a client that falls behind is disconnected, not buffered for), a maximum number of clients, no thread
 * held per client, comment lines that keep an idle connection open. Each snapshot is written as JSON once,
 * whatever the number of clients.
 */
public final class EventStream implements AutoCloseable {

    private final SnapshotWatcher watcher;
    private final ObjectMapper json;
    private final EventChannel channel;
    private volatile Snapshot framed;
    private volatile String frame;
    private final AtomicLong published = new AtomicLong();
    private final java.util.function.Consumer<Snapshot> listener = this::publish;

    public EventStream(SnapshotWatcher watcher, ObjectMapper json, EventChannel channel) {
        this.watcher = watcher;
        this.json = json;
        this.channel = channel;
        watcher.addListener(listener);
    }

    /** The latest snapshot as an event, what a new client gets first. */
    public String latest() {
        Snapshot latest = watcher.latest();
        return latest == null ? null : event(latest);
    }

    private void publish(Snapshot snapshot) {
        channel.publish(event(snapshot));
        published.incrementAndGet();
    }

    /** Snapshots published to the clients since start. */
    public long published() {
        return published.get();
    }

    public EventChannel channel() {
        return channel;
    }

    public int clientCount() {
        return channel.clientCount();
    }

    private String event(Snapshot snapshot) {
        if (snapshot == framed) {
            return frame;
        }
        try {
            String event = EventChannel.event(Long.toString(snapshot.version()), "snapshot", json.writeValueAsString(snapshot));
            frame = event;
            framed = snapshot;
            return event;
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a snapshot as JSON", e);
        }
    }

    /** Ends every open stream, so that the HTTP server can stop without waiting for them. */
    @Override
    public void close() {
        watcher.removeListener(listener);
        channel.close();
    }
}
