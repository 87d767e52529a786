package vn.chibo.pulse.streams.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import vn.chibo.pulse.aggregates.BranchCurrent;
import vn.chibo.pulse.aggregates.BranchMonthly;
import vn.chibo.pulse.aggregates.BranchTransfers;
import vn.chibo.pulse.aggregates.BranchYearly;
import vn.chibo.pulse.domain.Figures;

/**
 * The aggregate deltas a processor sends, added up per aggregate key for a short while (one commit
 * interval) before they go through a repartition topic to the aggregating task. A province sends
 * thousands of events a second to a few thousand branch-months: most deltas of an interval share
 * their key, so this sends one record where there were many — fewer records to write, commit, read
 * back and add up.
 *
 * <p>The held sums live in a changelogged store: they commit with the input they came from, so a
 * crash neither loses nor repeats them; sending them and clearing the store is one transaction too.
 * A copy in memory (reloaded when the task starts) spares decoding the store on every add.
 */
final class DeltaOutbox {
    /** Each kind of delta: the one-character prefix of its keys in the store, and its aggregate key. */
    private record Kind<T extends SpecificRecord>(char prefix, Class<T> type, Serde<T> serde, Function<T, String> key) {
        static <T extends SpecificRecord> Kind<T> of(char prefix, Class<T> type, Function<T, String> key) {
            return new Kind<>(prefix, type, new SingleObjectAvroSerde<>(type), key);
        }
    }

    private static final List<Kind<?>> KINDS = List.of(
            Kind.of('c', BranchCurrent.class, BranchCurrent::getBranchId),
            Kind.of('m', BranchMonthly.class, Deltas::key),
            Kind.of('y', BranchYearly.class, Deltas::key),
            Kind.of('t', BranchTransfers.class, Deltas::key));

    private record Held(SpecificRecord delta, long timestamp) {}

    private final ProcessorContext<String, Object> context;
    private final KeyValueStore<String, byte[]> store;
    private final Map<String, Held> held = new LinkedHashMap<>();

    DeltaOutbox(ProcessorContext<String, Object> context, KeyValueStore<String, byte[]> store) {
        this.context = context;
        this.store = store;
        long now = context.currentSystemTimeMs();
        try (KeyValueIterator<String, byte[]> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, byte[]> kv = all.next();
                held.put(kv.key, new Held(kind(kv.key.charAt(0)).serde().deserializer().deserialize(null, kv.value), now));
            }
        }
    }

    /** Adds a delta of one of the branch aggregates to what is held for its aggregate key. */
    @SuppressWarnings("unchecked")
    <T extends SpecificRecord> void add(T delta, long timestamp) {
        Kind<T> kind = (Kind<T>) kindOf(delta);
        String k = kind.prefix() + kind.key().apply(delta);
        Held h = held.get(k);
        // the first delta of a key is held as it is: its sender made it for this and lets go of it
        T sum = h == null ? delta : Figures.of(delta.getSchema()).addInto((T) h.delta(), delta);
        held.put(k, new Held(sum, h == null ? timestamp : Math.max(h.timestamp(), timestamp)));
        store.put(k, kind.serde().serializer().serialize(null, sum));
    }

    /** Sends every held sum that changes something, keyed by its aggregate key, and empties the outbox. */
    void send() {
        if (held.isEmpty()) {
            return;
        }
        for (Map.Entry<String, Held> e : held.entrySet()) {
            SpecificRecord delta = e.getValue().delta();
            if (!Figures.of(delta.getSchema()).isZero(delta)) {
                context.forward(new Record<>(e.getKey().substring(1), (Object) delta, e.getValue().timestamp()));
            }
            store.delete(e.getKey());
        }
        held.clear();
    }

    private static Kind<?> kindOf(SpecificRecord delta) {
        for (Kind<?> kind : KINDS) {
            if (kind.type() == delta.getClass()) {
                return kind;
            }
        }
        throw new IllegalArgumentException("not an aggregate delta: " + delta.getClass());
    }

    private static Kind<?> kind(char prefix) {
        for (Kind<?> kind : KINDS) {
            if (kind.prefix() == prefix) {
                return kind;
            }
        }
        throw new IllegalStateException("outbox key with unknown prefix " + prefix);
    }
}
