package vn.chibo.pulse.streams.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;

import vn.chibo.pulse.domain.EventRules;
import vn.chibo.pulse.domain.Rejection;

/**
 * The path every source event takes: decode the bytes, drop an eventId already accepted, check the
 * stateless rules, then {@link #apply} the stateful ones. Each refusal goes out as a RejectedEvent
 * and is counted per reason; nothing stops the pipeline.
 *
 * <p>"Today" for the date rules is the calendar date in Vietnam of the record's timestamp (the time
 * it was produced), not the wall clock: a record re-read after a crash gets the same verdict, and
 * tests fix it by setting the timestamp.
 */
abstract class EventProcessor<E> implements Processor<String, Object, String, Object> {
    private final Map<String, ?> registryConfig;
    private final Class<E> eventType;
    private final String eventIdStoreName;
    private final String rejectionStoreName;

    protected ProcessorContext<String, Object> context;
    private EventDecoder<E> decoder;
    private KeyValueStore<String, Long> acceptedEventIds;
    private KeyValueStore<String, Long> rejectionsByReason;

    /** Outcome of the stateful part. */
    protected record Outcome(Rejection rejection, boolean applied) {
        static final Outcome APPLIED = new Outcome(null, true);
        /** Valid but changes nothing (a stale meeting revision): not an error, and its eventId is not recorded. */
        static final Outcome IGNORED = new Outcome(null, false);

        static Outcome rejected(Rejection rejection) {
            return new Outcome(rejection, false);
        }
    }

    EventProcessor(Map<String, ?> registryConfig, Class<E> eventType, String eventIdStoreName, String rejectionStoreName) {
        this.registryConfig = registryConfig;
        this.eventType = eventType;
        this.eventIdStoreName = eventIdStoreName;
        this.rejectionStoreName = rejectionStoreName;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.decoder = new EventDecoder<>(registryConfig, eventType);
        this.acceptedEventIds = context.getStateStore(eventIdStoreName);
        this.rejectionsByReason = context.getStateStore(rejectionStoreName);
    }

    @Override
    public void process(Record<String, Object> record) {
        byte[] bytes = (byte[]) record.value();
        RecordMetadata source = context.recordMetadata().orElseThrow();
        EventDecoder.Decoded<E> decoded = decoder.decode(source.topic(), bytes);
        if (decoded.rejection() != null) {
            reject(record, bytes, source, null, decoded.rejection());
            return;
        }
        E event = decoded.value();
        String eventId = eventId(event);
        // Only accepted ids are recorded: a refused event can be corrected and sent again under its id.
        if (eventId != null && acceptedEventIds.get(eventId) != null) {
            return;
        }
        LocalDate today = LocalDate.ofInstant(Instant.ofEpochMilli(Math.max(0, record.timestamp())), EventRules.ZONE);
        Optional<Rejection> invalid = EventRules.check(event, today);
        if (invalid.isPresent()) {
            reject(record, bytes, source, eventId, invalid.get());
            return;
        }
        Outcome outcome = apply(event, record.timestamp());
        if (outcome.rejection() != null) {
            reject(record, bytes, source, eventId, outcome.rejection());
        } else if (outcome.applied()) {
            acceptedEventIds.put(eventId, record.timestamp());
        }
    }

    /** Applies an event that passed the stateless rules; forwards its deltas only when it is applied. */
    protected abstract Outcome apply(E event, long timestamp);

    protected abstract String eventId(E event);

    /** Sends a record downstream with the timestamp of the event that caused it. */
    protected void emit(String key, Object value, long timestamp) {
        context.forward(new Record<>(key, value, timestamp));
    }

    private void reject(Record<String, Object> record, byte[] bytes, RecordMetadata source, String eventId,
            Rejection rejection) {
        String reason = rejection.reason().name();
        Long count = rejectionsByReason.get(reason);
        rejectionsByReason.put(reason, count == null ? 1L : count + 1);
        context.forward(Rejections.record(record, bytes, source, eventId, rejection, context.currentSystemTimeMs()));
    }

    @Override
    public void close() {
        if (decoder != null) {
            decoder.close();
        }
    }
}
