package vn.chibo.pulse.bench.internal;

import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import vn.chibo.pulse.domain.ParsedEvent;
import vn.chibo.pulse.producers.simulator.SimulatedEvent;
import vn.chibo.pulse.registry.serde.KafkaAvroSerializer;

/**
 * Writes the replay's event log: simulated events serialized as they are generated and produced
 * with the commune publisher's settings, to the topic and key the publisher routes them to. A
 * national year does not fit in the bench's heap serialized, so it is never held whole: the events
 * go out as the simulation makes them, in this thread or in a thread of its own.
 */
final class EventLogWriter implements AutoCloseable {
    private final KafkaProducer<byte[], byte[]> producer;
    private final KafkaAvroSerializer serializer = new KafkaAvroSerializer();
    private final AtomicLong written = new AtomicLong();
    private final AtomicReference<Exception> failed = new AtomicReference<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    private volatile boolean finished;
    private volatile double seconds;
    private Thread thread;

    EventLogWriter(String kafka, String registry) {
        serializer.configure(Map.of("schema.registry.url", registry), false);
        producer = BenchKafka.publisherOfBytes(kafka, registry, "pulse-bench-log");
    }

    /** Events handed to the producer so far. */
    long written() {
        return written.get();
    }

    /** True once every event was written and acknowledged (or the writer was stopped). */
    boolean finished() {
        return finished;
    }

    /** Seconds the last {@link #write} or background write took, once finished. */
    double seconds() {
        return seconds;
    }

    /**
     * Writes events until there are none left or {@code until} says so, in this thread, and waits
     * for them to be acknowledged; {@code progress} hears the count every few thousand events.
     */
    void write(Iterator<SimulatedEvent> events, BooleanSupplier until, LongConsumer progress) {
        long t0 = System.nanoTime();
        finished = false;
        while (!stop.get() && failed.get() == null && !until.getAsBoolean() && events.hasNext()) {
            SimulatedEvent e = events.next();
            ParsedEvent routed = ParsedEvent.of(e.envelope());
            producer.send(new ProducerRecord<>(routed.topic(), routed.key().getBytes(StandardCharsets.UTF_8),
                    serializer.serialize(routed.topic(), e.envelope())), (m, x) -> {
                        if (x != null) {
                            failed.compareAndSet(null, x);
                        }
                    });
            long n = written.incrementAndGet();
            if ((n & 0xFFF) == 0) {
                progress.accept(n);
            }
        }
        producer.flush();
        seconds = (System.nanoTime() - t0) / 1e9;
        finished = true;
        if (failed.get() != null) {
            throw new IllegalStateException("writing the event log failed: " + failed.get(), failed.get());
        }
    }

    /** Writes the rest of {@code events} in a thread of its own; see {@link #finished()} and {@link #check()}. */
    void writeInBackground(Iterator<SimulatedEvent> events) {
        finished = false;
        thread = new Thread(() -> {
            try {
                write(events, () -> false, n -> { });
            } catch (RuntimeException e) {
                failed.compareAndSet(null, e);
            }
        }, "bench-event-log-writer");
        thread.setDaemon(true);
        thread.start();
    }

    /** Throws if writing failed. */
    void check() {
        Exception e = failed.get();
        if (e != null) {
            throw new IllegalStateException("writing the event log failed: " + e, e);
        }
    }

    /** Stops writing (the time limit passed) and waits for the thread. */
    void stop() throws InterruptedException {
        stop.set(true);
        if (thread != null) {
            thread.join(60_000);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
        producer.close();
    }
}
