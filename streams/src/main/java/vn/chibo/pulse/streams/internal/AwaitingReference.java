package vn.chibo.pulse.streams.internal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import vn.chibo.pulse.streams.internal.model.PendingEvent;
import vn.chibo.pulse.streams.internal.model.PendingEvents;
import vn.chibo.pulse.streams.internal.model.PendingHeader;

/**
 * The events of one task that wait for reference data, per entity key in arrival order. They live in
 * a changelogged store, so a crash or a restart keeps them and every change to them commits with the
 * rest of the task's work; an index in memory (by key, and by the branch the first event of a key
 * waits for) keeps the normal path at one hash look-up and lets a retry touch only the keys whose
 * branch arrived or whose wait ran out.
 *
 * <p>A wait counts from when the app first read the event, and restarts when the task starts: a
 * task that was down or restoring has not seen the reference data of its backlog yet. Nothing is
 * refused either while reference data still arrives: a replay of a whole log reads millions of
 * events while the tree loads beside them, and on a busy machine that takes longer than the wait;
 * an event is refused only once the reference data has been quiet for the wait too. And nothing is
 * refused before any reference data has arrived at all: a fresh app on a whole log parks events
 * from its first poll, but the tree becomes visible only with the reference task's first commit,
 * which on a loaded machine came after more than the wait (a replay refused 69,000 valid events so).
 */
final class AwaitingReference {
    private record Head(String branch, long deadline) {}

    /** For a processor told of no arrivals: reference data counts as long quiet. */
    static final LongSupplier NO_ARRIVALS = () -> Long.MIN_VALUE / 2;

    private final KeyValueStore<String, PendingEvents> store;
    private final long waitMs;
    private final long startedAt;
    private final LongSupplier lastReferenceArrival;
    private final Map<String, Head> byKey = new HashMap<>();
    private final Map<String, Set<String>> byBranch = new HashMap<>();
    private long earliestDeadline = Long.MAX_VALUE;

    /**
     * @param lastReferenceArrival when reference data last arrived (wall clock), {@code Long.MIN_VALUE}
     *        before any did; {@link #NO_ARRIVALS} where nothing tells (the deadline alone decides)
     */
    AwaitingReference(KeyValueStore<String, PendingEvents> store, long waitMs, long now, LongSupplier lastReferenceArrival) {
        this.store = store;
        this.waitMs = waitMs;
        this.startedAt = now;
        this.lastReferenceArrival = lastReferenceArrival;
        try (KeyValueIterator<String, PendingEvents> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, PendingEvents> kv = all.next();
                index(kv.key, kv.value.getAwaitedBranch(), deadline(kv.value.getEvents().get(0).getArrivedAt()));
            }
        }
    }

    /** When an event that arrived then stops waiting, unless reference data still arrives (see {@link #waits}). */
    long deadline(long arrivedAt) {
        return Math.max(arrivedAt, startedAt) + waitMs;
    }

    /** Whether an event that arrived then and names an unknown branch still waits at {@code now}. */
    boolean waits(long now, long arrivedAt) {
        return waitMs > 0 && (now < deadline(arrivedAt) || referenceStillArrives(now));
    }

    private boolean referenceStillArrives(long now) {
        long last = lastReferenceArrival.getAsLong();
        return last == Long.MIN_VALUE || now < last + waitMs;
    }

    boolean isEmpty() {
        return byKey.isEmpty();
    }

    /** Whether events of this key wait: a later event of the key must queue behind them. */
    boolean holds(String key) {
        return byKey.containsKey(key);
    }

    /** The first event of a key to wait, for this branch. */
    void park(SourceEvent event, String branch) {
        List<PendingEvent> events = new ArrayList<>(1);
        events.add(pending(event));
        store.put(event.key(), new PendingEvents(branch, events));
        index(event.key(), branch, deadline(event.arrivedAt()));
    }

    /** An event of a key that already waits: it keeps its place in the key's order. */
    void queue(SourceEvent event) {
        PendingEvents waiting = store.get(event.key());
        List<PendingEvent> events = new ArrayList<>(waiting.getEvents());
        events.add(pending(event));
        waiting.setEvents(events);
        store.put(event.key(), waiting);
    }

    /**
     * The keys to retry now: if the reference data changed, those whose awaited branch it holds now;
     * and those whose first event waited long enough.
     *
     * @param arrivedBranches the branches that arrived since the last round, when known: only their
     *        keys are looked at; null looks at every awaited branch
     */
    Set<String> due(long now, boolean referenceChanged, Collection<String> arrivedBranches, Predicate<String> branchHeld) {
        Set<String> keys = new LinkedHashSet<>();
        if (referenceChanged && arrivedBranches == null) {
            for (Map.Entry<String, Set<String>> e : byBranch.entrySet()) {
                if (branchHeld.test(e.getKey())) {
                    keys.addAll(e.getValue());
                }
            }
        } else if (referenceChanged) {
            for (String branch : arrivedBranches) {
                Set<String> waiting = byBranch.get(branch);
                if (waiting != null && branchHeld.test(branch)) {
                    keys.addAll(waiting);
                }
            }
        }
        if (now >= earliestDeadline && !referenceStillArrives(now)) {
            long earliest = Long.MAX_VALUE;
            for (Map.Entry<String, Head> e : byKey.entrySet()) {
                long deadline = e.getValue().deadline();
                if (deadline <= now) {
                    keys.add(e.getKey());
                } else {
                    earliest = Math.min(earliest, deadline);
                }
            }
            earliestDeadline = earliest;
        }
        return keys;
    }

    /** The waiting events of a key, oldest first. */
    List<SourceEvent> events(String key) {
        PendingEvents waiting = store.get(key);
        List<SourceEvent> events = new ArrayList<>(waiting.getEvents().size());
        for (PendingEvent e : waiting.getEvents()) {
            events.add(source(key, e));
        }
        return events;
    }

    /**
     * After a retry of a key: its first {@code handled} events are done with; the others, if any, now
     * wait for {@code branch}.
     */
    void retried(String key, List<SourceEvent> events, int handled, String branch) {
        Head before = unindex(key);
        if (handled == events.size()) {
            store.delete(key);
            return;
        }
        if (handled > 0 || !before.branch().equals(branch)) {
            List<PendingEvent> rest = new ArrayList<>(events.size() - handled);
            for (SourceEvent e : events.subList(handled, events.size())) {
                rest.add(pending(e));
            }
            store.put(key, new PendingEvents(branch, rest));
        }
        index(key, branch, deadline(events.get(handled).arrivedAt()));
    }

    private void index(String key, String branch, long deadline) {
        byKey.put(key, new Head(branch, deadline));
        byBranch.computeIfAbsent(branch, b -> new LinkedHashSet<>()).add(key);
        earliestDeadline = Math.min(earliestDeadline, deadline);
    }

    private Head unindex(String key) {
        Head head = byKey.remove(key);
        Set<String> keys = byBranch.get(head.branch());
        keys.remove(key);
        if (keys.isEmpty()) {
            byBranch.remove(head.branch());
        }
        return head;
    }

    private static PendingEvent pending(SourceEvent e) {
        List<PendingHeader> headers = new ArrayList<>();
        for (Header h : e.headers()) {
            headers.add(new PendingHeader(h.key(), h.value() == null ? null : ByteBuffer.wrap(h.value())));
        }
        return new PendingEvent(e.value() == null ? null : ByteBuffer.wrap(e.value()), e.timestamp(), headers,
                e.topic(), e.partition(), e.offset(), e.arrivedAt());
    }

    private static SourceEvent source(String key, PendingEvent e) {
        Headers headers = new RecordHeaders();
        for (PendingHeader h : e.getHeaders()) {
            headers.add(h.getKey(), h.getValue() == null ? null : bytes(h.getValue()));
        }
        return new SourceEvent(key, e.getValue() == null ? null : bytes(e.getValue()), e.getTimestamp(), headers,
                e.getTopic(), e.getPartition(), e.getOffset(), e.getArrivedAt());
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer b = buffer.duplicate();
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        return bytes;
    }
}
