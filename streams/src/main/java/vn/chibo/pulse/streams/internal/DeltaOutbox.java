package vn.chibo.pulse.streams.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import vn.chibo.pulse.aggregates.DistrictCurrent;
import vn.chibo.pulse.aggregates.DistrictMonthlyStats;
import vn.chibo.pulse.aggregates.DistrictYearlyStats;

/**
 * The aggregate deltas a processor sends, added up per aggregate key for a short while (one commit
 * interval) before they go through a repartition topic to the aggregating task. A province has tens of
 * districts and months but sends thousands of events a second: most deltas of an interval share
 * their key, so this sends one record where there were hundreds — fewer records to write, commit,
 * read back and add up.
 *
 * <p>The held sums live in a changelogged store: they commit with the input they came from, so a
 * crash neither loses nor repeats them; sending them and clearing the store is one transaction too.
 * A copy in memory (reloaded when the task starts) spares decoding the store on every add.
 */
final class DeltaOutbox {
    private static final String CURRENT = "c|";
    private static final String MONTHLY = "m|";
    private static final String YEARLY = "y|";
    private static final Serializer<DistrictCurrent> CURRENT_OUT = new SingleObjectAvroSerde<>(DistrictCurrent.class).serializer();
    private static final Serializer<DistrictMonthlyStats> MONTHLY_OUT = new SingleObjectAvroSerde<>(DistrictMonthlyStats.class).serializer();
    private static final Serializer<DistrictYearlyStats> YEARLY_OUT = new SingleObjectAvroSerde<>(DistrictYearlyStats.class).serializer();
    private static final Deserializer<DistrictCurrent> CURRENT_IN = new SingleObjectAvroSerde<>(DistrictCurrent.class).deserializer();
    private static final Deserializer<DistrictMonthlyStats> MONTHLY_IN = new SingleObjectAvroSerde<>(DistrictMonthlyStats.class).deserializer();
    private static final Deserializer<DistrictYearlyStats> YEARLY_IN = new SingleObjectAvroSerde<>(DistrictYearlyStats.class).deserializer();

    private record Held(Object delta, long timestamp) {}

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
                held.put(kv.key, new Held(decode(kv.key, kv.value), now));
            }
        }
    }

    void add(String key, DistrictCurrent delta, long timestamp) {
        String k = CURRENT + key;
        Held h = held.get(k);
        DistrictCurrent sum = h == null ? delta : Deltas.add((DistrictCurrent) h.delta(), delta);
        hold(k, sum, CURRENT_OUT.serialize(null, sum), h, timestamp);
    }

    void add(String key, DistrictMonthlyStats delta, long timestamp) {
        String k = MONTHLY + key;
        Held h = held.get(k);
        DistrictMonthlyStats sum = h == null ? delta : Deltas.add((DistrictMonthlyStats) h.delta(), delta);
        hold(k, sum, MONTHLY_OUT.serialize(null, sum), h, timestamp);
    }

    void add(String key, DistrictYearlyStats delta, long timestamp) {
        String k = YEARLY + key;
        Held h = held.get(k);
        DistrictYearlyStats sum = h == null ? delta : Deltas.add((DistrictYearlyStats) h.delta(), delta);
        hold(k, sum, YEARLY_OUT.serialize(null, sum), h, timestamp);
    }

    /** Sends every held sum that changes something, keyed by its aggregate key, and empties the outbox. */
    void send() {
        if (held.isEmpty()) {
            return;
        }
        for (Map.Entry<String, Held> e : held.entrySet()) {
            Object delta = e.getValue().delta();
            boolean zero = delta instanceof DistrictCurrent c ? Deltas.isZero(c)
                    : delta instanceof DistrictMonthlyStats m ? Deltas.isZero(m) : Deltas.isZero((DistrictYearlyStats) delta);
            if (!zero) {
                context.forward(new Record<>(e.getKey().substring(2), delta, e.getValue().timestamp()));
            }
            store.delete(e.getKey());
        }
        held.clear();
    }

    private void hold(String key, Object sum, byte[] bytes, Held before, long timestamp) {
        held.put(key, new Held(sum, before == null ? timestamp : Math.max(before.timestamp(), timestamp)));
        store.put(key, bytes);
    }

    private static Object decode(String key, byte[] bytes) {
        if (key.startsWith(CURRENT)) {
            return CURRENT_IN.deserialize(null, bytes);
        } else if (key.startsWith(MONTHLY)) {
            return MONTHLY_IN.deserialize(null, bytes);
        }
        return YEARLY_IN.deserialize(null, bytes);
    }
}
