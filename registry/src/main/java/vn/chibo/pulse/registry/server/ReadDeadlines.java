package vn.chibo.pulse.registry.server;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A deadline for reading each request. The JDK's server reads a request's headers and body on the worker
 * thread from a blocking socket channel and has no read timeout of its own, so a client sending slowly
 * would hold a worker for ever. A watchdog interrupts a worker still reading after the deadline, which
 * closes the channel: the connection is dropped and the worker is free. Once the body is read the worker
 * is never interrupted, so storing a schema is not cut short.
 */
final class ReadDeadlines implements AutoCloseable {

    private final long timeoutNanos;
    private final Map<Thread, Long> reading = new ConcurrentHashMap<>();
    private final ScheduledExecutorService watchdog;

    ReadDeadlines(long timeoutMs) {
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pulse-registry-read-deadlines");
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(10, Math.min(250, timeoutMs / 4));
        watchdog.scheduleWithFixedDelay(this::interruptLateReaders, period, period, TimeUnit.MILLISECONDS);
    }

    /** Wraps one exchange of the JDK server: its reading starts now. */
    Runnable guard(Runnable exchange) {
        return () -> {
            Thread worker = Thread.currentThread();
            reading.put(worker, System.nanoTime() + timeoutNanos);
            try {
                exchange.run();
            } finally {
                reading.remove(worker);
                Thread.interrupted(); // a late interrupt must not reach the next request
            }
        };
    }

    /** Called when the request is read whole; throws if the deadline passed meanwhile. */
    void requestRead() throws IOException {
        if (reading.remove(Thread.currentThread()) == null) {
            throw new IOException("the request was not read within its deadline");
        }
    }

    private void interruptLateReaders() {
        long now = System.nanoTime();
        reading.forEach((worker, deadline) -> {
            if (now - deadline > 0 && reading.remove(worker, deadline)) {
                worker.interrupt();
            }
        });
    }

    @Override
    public void close() {
        watchdog.shutdownNow();
    }
}
