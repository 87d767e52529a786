package vn.chibo.pulse.http.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The clients of one event stream, each with a bounded queue written asynchronously (no thread waits for a
 * client). An event that finds a client's queue full disconnects that client.
 */
public final class EventClients implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EventClients.class);
    private static final byte[] RETRY = "retry: 1000\n\n".getBytes(StandardCharsets.UTF_8);
    private static final byte[] KEEP_ALIVE = ": keep-alive\n\n".getBytes(StandardCharsets.UTF_8);

    private final String name;
    private final int maxClients;
    private final int queueLimit;
    private final Supplier<String> first;
    private final Set<Client> clients = ConcurrentHashMap.newKeySet();
    private final AtomicInteger admitted = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicInteger deepest = new AtomicInteger();
    private final ScheduledExecutorService heartbeats;
    private volatile boolean closed;

    public EventClients(String name, int maxClients, int queueLimit, Duration heartbeat, Supplier<String> first) {
        this.name = name;
        this.maxClients = maxClients;
        this.queueLimit = queueLimit;
        this.first = first;
        this.heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name + "-sse-heartbeat");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(10, heartbeat.toMillis());
        heartbeats.scheduleWithFixedDelay(() -> send(KEEP_ALIVE), every, every, TimeUnit.MILLISECONDS);
    }

    /** Takes over the response as an event stream; false (nothing written) when the clients are at their maximum. */
    public boolean attach(Request request, Response response, Callback callback) {
        if (closed || admitted.incrementAndGet() > maxClients) {
            admitted.decrementAndGet();
            return false;
        }
        Client client = new Client(response, callback);
        clients.add(client);
        // Between events nothing is pending: the heartbeats find a client that has gone.
        request.addIdleTimeoutListener(timeout -> client.idleWithWritePending());
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache, no-store");
        response.getHeaders().put("X-Accel-Buffering", "no");
        client.offer(RETRY);
        String latest = first == null ? null : first.get();
        if (latest != null) {
            client.offer(latest.getBytes(StandardCharsets.UTF_8));
        }
        return true;
    }

    public void publish(String event) {
        send(event.getBytes(StandardCharsets.UTF_8));
    }

    private void send(byte[] frame) {
        for (Client client : clients) {
            client.offer(frame);
        }
    }

    public int count() {
        return clients.size();
    }

    public long dropped() {
        return dropped.get();
    }

    public int deepestQueue() {
        return deepest.get();
    }

    public long queuedNow() {
        long n = 0;
        for (Client client : clients) {
            n += client.queued();
        }
        return n;
    }

    public int queueLimit() {
        return queueLimit;
    }

    @Override
    public void close() {
        closed = true;
        heartbeats.shutdownNow();
        for (Client client : clients) {
            client.end();
        }
    }

    private void gone(Client client) {
        if (clients.remove(client)) {
            admitted.decrementAndGet();
        }
    }

    /** One connected client: its queue and whether a write to it is under way. */
    private final class Client {
        private final Response response;
        private final Callback callback;
        private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
        private boolean writing;
        private boolean done;

        Client(Response response, Callback callback) {
            this.response = response;
            this.callback = callback;
        }

        void offer(byte[] frame) {
            synchronized (this) {
                if (done) {
                    return;
                }
                if (queue.size() >= queueLimit) {
                    // fall through to drop, outside the lock
                } else {
                    queue.add(frame);
                    deepest.accumulateAndGet(queue.size(), Math::max);
                    if (!writing) {
                        writeNext();
                    }
                    return;
                }
            }
            drop("it fell " + queueLimit + " events behind");
        }

        synchronized int queued() {
            return queue.size();
        }

        synchronized boolean idleWithWritePending() {
            return writing;
        }

        /** Holding the lock: starts writing the next frame, if any. */
        private void writeNext() {
            byte[] frame = queue.poll();
            if (frame == null) {
                writing = false;
                return;
            }
            writing = true;
            response.write(false, ByteBuffer.wrap(frame), Callback.from(this::written, this::failed));
        }

        private void written() {
            synchronized (this) {
                if (!done) {
                    writeNext();
                }
            }
        }

        private void failed(Throwable failure) {
            drop("writing to it failed: " + failure);
        }

        private void drop(String why) {
            synchronized (this) {
                if (done) {
                    return;
                }
                done = true;
                queue.clear();
            }
            gone(this);
            dropped.incrementAndGet();
            log.debug("{}: event-stream client dropped: {}", name, why);
            callback.failed(new IOException("event-stream client dropped: " + why));
        }

        /** Server closing: the stream ends cleanly if nothing is being written, else the connection is closed. */
        void end() {
            boolean pending;
            synchronized (this) {
                if (done) {
                    return;
                }
                done = true;
                queue.clear();
                pending = writing;
            }
            gone(this);
            if (pending) {
                callback.failed(new IOException("server closing"));
            } else {
                response.write(true, null, callback);
            }
        }
    }
}
