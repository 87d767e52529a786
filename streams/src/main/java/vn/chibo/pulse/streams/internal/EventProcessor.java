package vn.chibo.pulse.streams.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import vn.chibo.pulse.events.RejectedEvent;
import vn.chibo.pulse.domain.EventKeys;
import vn.chibo.pulse.domain.EventRules;
import vn.chibo.pulse.domain.Rejection;
import vn.chibo.pulse.domain.RejectionReason;
import vn.chibo.pulse.domain.Topics;

/**
 * The path every source event takes: decode the bytes, drop an eventId already accepted, check the
 * stateless rules, then {@link #apply} the stateful ones. Each refusal goes out as a RejectedEvent
 * and is counted per reason; nothing stops the pipeline.
 *
 * <p>"Today" for the date rules is the calendar date in Vietnam of the record's timestamp (the time
 * it was produced), not the wall clock: a record re-read after a crash gets the same verdict, and
 * tests fix it by setting the timestamp.
 *
 * <p>Reference data is loaded first (SPEC §2), but it reaches the lookup store through its own task,
 * a transaction and the global thread, so an event can be read before the branch it names, published
 * just before it, is visible. Such an event waits (see {@link AwaitingReference}) instead of being
 * refused: up to {@code referenceWait}, retried whenever reference data arrives; later events of the
 * same key queue behind it so that each entity keeps its order. Only then is it UNKNOWN_BRANCH.
 */
abstract class EventProcessor<E> implements Processor<String, Object, String, Object> {
    /** What every event processor sends: the events it refuses, for the dead-letter topic. */
    static final Output<RejectedEvent> REJECTED = new Output<>("rejected", RejectedEvent.class);

    private static final Logger log = LoggerFactory.getLogger(EventProcessor.class);
    /** How often the waiting events are looked at; work is done only if reference data arrived or a wait ran out. */
    static final Duration RETRY_INTERVAL = Duration.ofMillis(100);

    private final Map<String, ?> registryConfig;
    private final Class<E> eventType;
    private final String eventIdStoreName;
    private final String rejectionStoreName;
    private final String pendingStoreName;
    private final long referenceWaitMs;
    protected final ReferenceArrivals arrivals;
    private final String outboxStoreName;
    private final Duration deltaInterval;

    protected ProcessorContext<String, Object> context;
    private EventDecoder<E> decoder;
    private KeyValueStore<String, Long> acceptedEventIds;
    private KeyValueStore<String, Long> rejectionsByReason;
    private AwaitingReference awaiting;
    private Cancellable retries;
    private Cancellable sends;
    /** Where the aggregate deltas of the events go, collapsed per key until the next send. */
    protected DeltaOutbox deltas;
    private long referenceSeen = -1;
    /** The bytes one dead letter may take (see {@link Rejections#MAX_BYTES_CONFIG}). */
    private int deadLetterMaxBytes;

    /** Outcome of the stateful part. */
    protected record Outcome(Rejection rejection, boolean applied, String awaitedBranch) {
        static final Outcome APPLIED = new Outcome(null, true, null);
        /** Valid but changes nothing (a stale meeting revision): not an error, and its eventId is not recorded. */
        static final Outcome IGNORED = new Outcome(null, false, null);

        static Outcome rejected(Rejection rejection) {
            return new Outcome(rejection, false, null);
        }

        /** The event names a branch the lookup does not hold: it waits, and is refused so if the branch never comes. */
        static Outcome unknownBranch(String branchId, Rejection rejection) {
            return new Outcome(rejection, false, branchId);
        }
    }

    /** A processor whose events never wait (reference data itself), with a store of accepted eventIds. */
    EventProcessor(Map<String, ?> registryConfig, Class<E> eventType, String eventIdStoreName, String rejectionStoreName) {
        this(registryConfig, eventType, eventIdStoreName, rejectionStoreName, null, Duration.ZERO, null, null, Duration.ZERO);
    }

    EventProcessor(Map<String, ?> registryConfig, Class<E> eventType, String eventIdStoreName, String rejectionStoreName,
            String pendingStoreName, Duration referenceWait, ReferenceArrivals arrivals, String outboxStoreName,
            Duration deltaInterval) {
        this.registryConfig = registryConfig;
        this.eventType = eventType;
        this.eventIdStoreName = eventIdStoreName;
        this.rejectionStoreName = rejectionStoreName;
        this.pendingStoreName = pendingStoreName;
        this.referenceWaitMs = referenceWait.toMillis();
        this.arrivals = arrivals;
        this.outboxStoreName = outboxStoreName;
        this.deltaInterval = deltaInterval;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.decoder = new EventDecoder<>(registryConfig, eventType);
        this.acceptedEventIds = eventIdStoreName == null ? null : context.getStateStore(eventIdStoreName);
        this.rejectionsByReason = context.getStateStore(rejectionStoreName);
        Object maxBytes = context.appConfigs().get(Rejections.MAX_BYTES_CONFIG);
        this.deadLetterMaxBytes = maxBytes == null ? Rejections.DEFAULT_MAX_BYTES : Integer.parseInt(maxBytes.toString());
        if (pendingStoreName != null) {
            // init runs once the task's stores are restored: the events that waited before a restart are there.
            awaiting = new AwaitingReference(context.getStateStore(pendingStoreName), referenceWaitMs, context.currentSystemTimeMs(),
                    arrivals == null ? AwaitingReference.NO_ARRIVALS : arrivals::lastArrivalMs);
            referenceSeen = -1;
            if (arrivals != null && lookupHoldsAnything(context)) {
                arrivals.held(context.currentSystemTimeMs());
            }
            retries = context.schedule(RETRY_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::retryWaiting);
        }
        if (outboxStoreName != null) {
            deltas = new DeltaOutbox(context, context.getStateStore(outboxStoreName));
            sends = context.schedule(deltaInterval, PunctuationType.WALL_CLOCK_TIME, now -> deltas.send());
        }
    }

    @Override
    public void process(Record<String, Object> record) {
        RecordMetadata source = context.recordMetadata().orElseThrow();
        SourceEvent event = new SourceEvent(record.key(), (byte[]) record.value(), record.timestamp(), record.headers(),
                source.topic(), source.partition(), source.offset(), context.currentSystemTimeMs());
        if (awaiting != null && !awaiting.isEmpty() && awaiting.holds(event.key())) {
            awaiting.queue(event);
            return;
        }
        String branch = handle(event, event.arrivedAt());
        if (branch != null) {
            awaiting.park(event, branch);
        }
    }

    /**
     * Decides one event now. Returns the branch it must wait for, or null when it is done with
     * (applied, ignored, dropped as a duplicate or refused).
     */
    private String handle(SourceEvent source, long now) {
        EventDecoder.Decoded<E> decoded = decoder.decode(source.topic(), source.value());
        if (decoded.rejection() != null) {
            reject(source, null, decoded.rejection());
            return null;
        }
        E event = decoded.value();
        Rejection misKeyed = keyRejection(source.key(), event);
        if (misKeyed != null) {
            reject(source, eventId(event), misKeyed);
            return null;
        }
        String eventId = eventId(event);
        // Only accepted ids are recorded: a refused event can be corrected and sent again under its id.
        if (eventId != null && alreadyAccepted(event, eventId)) {
            return null;
        }
        LocalDate today = LocalDate.ofInstant(Instant.ofEpochMilli(Math.max(0, source.timestamp())), EventRules.ZONE);
        Optional<Rejection> invalid = EventRules.check(event, today);
        if (invalid.isPresent()) {
            reject(source, eventId, invalid.get());
            return null;
        }
        Outcome outcome;
        try {
            outcome = apply(event, eventId, source.timestamp());
        } catch (KafkaException e) {
            throw e; // the app's own trouble (a store, the broker; StreamsException is one): the task restarts and reads the record again
        } catch (RuntimeException e) {
            // a bug or an input nobody foresaw: set this record aside with its reason, and go on
            log.error("processing {}@{}/{} failed; sent to {}", source.topic(), source.partition(), source.offset(), Topics.REJECTED, e);
            outcome = Outcome.rejected(Rejection.of(RejectionReason.PROCESSING_FAILED, String.valueOf(e)));
        }
        if (outcome.awaitedBranch() != null && awaiting != null && awaiting.waits(now, source.arrivedAt())) {
            return outcome.awaitedBranch();
        }
        if (outcome.rejection() != null) {
            reject(source, eventId, outcome.rejection());
        } else if (outcome.applied() && acceptedEventIds != null) {
            acceptedEventIds.put(eventId, source.timestamp());
        }
        return null;
    }

    /**
     * Retries, head first, the keys whose awaited branch arrived or whose first event waited long
     * enough; each key's events go on in order until one has to wait again.
     */
    private void retryWaiting(long now) {
        if (awaiting.isEmpty()) {
            return;
        }
        // Read before looking at the lookup: what arrives meanwhile is seen at the next round.
        long version = arrivals == null ? referenceSeen + 1 : arrivals.version();
        boolean referenceChanged = version != referenceSeen;
        List<String> arrivedBranches = arrivals == null || !referenceChanged ? null : branches(arrivals.arrivedBetween(referenceSeen, version));
        referenceSeen = version;
        for (String key : awaiting.due(now, referenceChanged, arrivedBranches, this::referenceHolds)) {
            List<SourceEvent> events = awaiting.events(key);
            int handled = 0;
            String branch = null;
            while (handled < events.size() && (branch = handle(events.get(handled), now)) == null) {
                handled++;
            }
            awaiting.retried(key, events, handled, branch);
        }
    }

    /** The branch ids among arrived reference keys ({@code Branch:<id>}); null stays null (not all known). */
    private static List<String> branches(List<String> arrivedKeys) {
        if (arrivedKeys == null) {
            return null;
        }
        String prefix = ReferenceLookup.BRANCH + ":";
        List<String> ids = new ArrayList<>();
        for (String key : arrivedKeys) {
            if (key != null && key.startsWith(prefix)) {
                ids.add(key.substring(prefix.length()));
            }
        }
        return ids;
    }

    /**
     * Applies an event that passed the stateless rules; forwards its deltas only when it is applied. A
     * processor that keeps the accepted eventIds in its entity's state (see {@link #alreadyAccepted})
     * records {@code eventId} there when it applies the event.
     */
    protected abstract Outcome apply(E event, String eventId, long timestamp);

    /**
     * Whether an event with this id was already applied. By default the processor's store of accepted
     * ids says; member and meeting processors keep the ids in the member's or meeting's own state, which
     * they read and write for the event anyway — one store read and one changelog record less per event.
     */
    protected boolean alreadyAccepted(E event, String eventId) {
        return acceptedEventIds.get(eventId) != null;
    }

    protected abstract String eventId(E event);

    /**
     * A record must be keyed by its entity, as publishers key it ({@link EventKeys#keyOf}): the key decides the
     * partition, so a record keyed otherwise would be applied out of its entity's order, or de-duplicated in the
     * wrong place.
     */
    private static Rejection keyRejection(String key, Object event) {
        if (key == null) {
            return Rejection.of(RejectionReason.MISSING_KEY, "the record has no key; expected \"" + EventKeys.keyOf((SpecificRecord) event) + "\"");
        }
        String expected = EventKeys.keyOf((SpecificRecord) event);
        if (!key.equals(expected)) {
            return Rejection.of(RejectionReason.KEY_MISMATCH, "the record is keyed \"" + shorten(key) + "\", its event names \"" + expected + "\"");
        }
        return null;
    }

    private static String shorten(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "…";
    }

    /** Whether the global lookup store holds any reference data (stream tasks start after it is restored). */
    private static boolean lookupHoldsAnything(ProcessorContext<String, Object> context) {
        ReadOnlyKeyValueStore<String, ?> lookup = context.getStateStore(StoreNames.REFERENCE_LOOKUP);
        try (KeyValueIterator<String, ?> all = lookup.all()) {
            return all.hasNext();
        }
    }

    /** Whether the reference lookup holds this branch now (with its commune). */
    protected boolean referenceHolds(String branchId) {
        return false;
    }

    /** Sends a record to one of this processor's outputs, with the timestamp of the event that caused it. */
    protected <T> void emit(Output<T> output, String key, T value, long timestamp) {
        context.forward(new Record<>(key, value, timestamp));
    }

    private void reject(SourceEvent source, String eventId, Rejection rejection) {
        String reason = rejection.reason().name();
        Long count = rejectionsByReason.get(reason);
        rejectionsByReason.put(reason, count == null ? 1L : count + 1);
        context.forward(Rejections.record(source, eventId, rejection, context.currentSystemTimeMs(), deadLetterMaxBytes));
    }

    @Override
    public void close() {
        if (retries != null) {
            retries.cancel();
        }
        if (sends != null) {
            sends.cancel();
        }
        if (decoder != null) {
            decoder.close();
        }
    }
}
