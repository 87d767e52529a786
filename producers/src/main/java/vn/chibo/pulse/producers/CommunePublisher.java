package vn.chibo.pulse.producers;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;

import vn.chibo.pulse.domain.EventRules;
import vn.chibo.pulse.domain.ParsedEvent;
import vn.chibo.pulse.domain.Rejection;
import vn.chibo.pulse.events.MeetingEvent;
import vn.chibo.pulse.events.MemberEvent;
import vn.chibo.pulse.events.ReferenceEvent;

/**
 * Publishes the events of one commune system to the pipeline.
 *
 * <pre>{@code
 * try (CommunePublisher publisher = new CommunePublisher(CommunePublisherConfig.of("kafka:9092", "http://registry:8081"))) {
 *     publisher.publish(new MemberEvent("evt-1", new MemberAdmitted("M1", "B0001", LocalDate.now())))
 *              .whenComplete((meta, error) -> ...);
 *     publisher.flush(); // throws if any event failed since the last flush
 * }
 * }</pre>
 *
 * <p>Each event is checked against the stateless rules of SPEC.md §2 first; an invalid one is
 * refused with {@link InvalidEventException} and not sent. Events go to their topic keyed as
 * {@link vn.chibo.pulse.domain.EventKeys} says, so the events of one member or one meeting keep
 * their order. The producer is idempotent with {@code acks=all}: a future completes once every
 * in-sync replica has the event, and retries never duplicate it.
 *
 * <p>Errors are never swallowed: a failure that Kafka reports at once (no metadata within
 * {@code max.block.ms}, the registry unreachable) is thrown by {@code publish} as
 * {@link PublishException}; a later one fails the returned future, and {@link #flush()} throws
 * as well, so a caller that ignores the futures still hears of it. Thread-safe.
 */
public final class CommunePublisher implements AutoCloseable {
    private final Producer<String, Object> producer;
    private final boolean validate;
    private final Clock clock;
    private final AtomicLong failedSinceFlush = new AtomicLong();
    private final AtomicReference<Exception> firstFailureSinceFlush = new AtomicReference<>();

    public CommunePublisher(CommunePublisherConfig config) {
        this(config, Clock.systemUTC());
    }

    public CommunePublisher(Map<String, ?> configs) {
        this(new CommunePublisherConfig(configs));
    }

    /** With a clock for "today" of the date rules (tests and the simulator fix it). */
    public CommunePublisher(CommunePublisherConfig config, Clock clock) {
        this.validate = config.validateEvents();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.producer = new KafkaProducer<>(config.producerProperties());
    }

    public CompletableFuture<RecordMetadata> publish(ReferenceEvent event) {
        return send(event);
    }

    public CompletableFuture<RecordMetadata> publish(MemberEvent event) {
        return send(event);
    }

    public CompletableFuture<RecordMetadata> publish(MeetingEvent event) {
        return send(event);
    }

    /** Publishes an event already routed, e.g. a line read by {@link vn.chibo.pulse.domain.EventJson}. */
    public CompletableFuture<RecordMetadata> publish(ParsedEvent event) {
        return send(event.topic(), event.key(), event.envelope());
    }

    private CompletableFuture<RecordMetadata> send(SpecificRecord envelope) {
        Objects.requireNonNull(envelope, "event");
        ParsedEvent routed;
        try {
            routed = ParsedEvent.of(envelope);
        } catch (RuntimeException e) {
            // a null payload or id: let the rules say which field
            throw new InvalidEventException(EventRules.check(envelope, EventRules.today(clock))
                    .orElseThrow(() -> e));
        }
        return send(routed.topic(), routed.key(), envelope);
    }

    private CompletableFuture<RecordMetadata> send(String topic, String key, SpecificRecord envelope) {
        if (validate) {
            Optional<Rejection> broken = EventRules.check(envelope, EventRules.today(clock));
            if (broken.isPresent()) {
                throw new InvalidEventException(broken.get());
            }
        }
        CompletableFuture<RecordMetadata> result = new CompletableFuture<>();
        try {
            producer.send(new ProducerRecord<>(topic, key, envelope), (metadata, error) -> {
                if (error != null) {
                    failedSinceFlush.incrementAndGet();
                    firstFailureSinceFlush.compareAndSet(null, error);
                    result.completeExceptionally(error);
                } else {
                    result.complete(metadata);
                }
            });
        } catch (KafkaException | IllegalStateException e) {
            throw new PublishException("could not send event " + envelope.get(0) + " to " + topic + ": " + e.getMessage(), e, 1);
        }
        return result;
    }

    /**
     * Sends everything buffered and waits until every event published so far is acknowledged
     * or has failed.
     *
     * @throws PublishException if any event failed since the previous flush
     */
    public void flush() {
        producer.flush();
        long failed = failedSinceFlush.getAndSet(0);
        Exception first = firstFailureSinceFlush.getAndSet(null);
        if (failed > 0) {
            throw new PublishException(failed + (failed == 1 ? " event" : " events") + " could not be sent; first: "
                    + (first == null ? "unknown" : first.getMessage()), first, failed);
        }
    }

    /** Sends what is buffered (waiting up to 30 s) and releases the connections. */
    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }

    public void close(Duration timeout) {
        producer.close(timeout);
    }
}
