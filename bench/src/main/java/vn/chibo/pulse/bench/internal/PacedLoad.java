package vn.chibo.pulse.bench.internal;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import org.apache.kafka.clients.producer.Producer;

/**
 * Events sent at a steady rate, as commune systems publishing side by side would: every
 * millisecond, as many as are due since the start, from a thread of its own.
 */
final class PacedLoad implements AutoCloseable {
    private final AtomicLong sent = new AtomicLong();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Thread thread;

    private PacedLoad(Producer<byte[], byte[]> producer, EventBatch load, double rate) {
        thread = new Thread(() -> {
            try {
                long start = System.nanoTime();
                int i = 0;
                while (!stop.get() && i < load.size()) {
                    long due = (long) ((System.nanoTime() - start) / 1e9 * rate);
                    while (i < due && i < load.size()) {
                        producer.send(load.record(i++, t -> t), (m, e) -> {
                            if (e != null) {
                                failure.compareAndSet(null, e);
                            }
                        });
                    }
                    sent.set(i);
                    LockSupport.parkNanos(1_000_000);
                }
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            }
        }, "bench-paced-load");
        thread.setDaemon(true);
    }

    /** Starts sending {@code load} at {@code rate} events/s until it runs out or is stopped. */
    static PacedLoad start(Producer<byte[], byte[]> producer, EventBatch load, double rate) {
        PacedLoad p = new PacedLoad(producer, load, rate);
        p.thread.start();
        return p;
    }

    /** Events handed to the producer so far. */
    long sent() {
        return sent.get();
    }

    /** True while it sends: false once the load ran out, it was stopped, or it failed. */
    boolean running() {
        return thread.isAlive();
    }

    /** The first send that failed, if any. */
    Throwable failure() {
        return failure.get();
    }

    /** Stops sending and waits for the thread. */
    @Override
    public void close() throws InterruptedException {
        stop.set(true);
        thread.join();
    }
}
