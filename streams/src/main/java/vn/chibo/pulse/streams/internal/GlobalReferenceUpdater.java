package vn.chibo.pulse.streams.internal;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

import vn.chibo.pulse.streams.internal.model.ReferenceEntry;

/** Keeps the global lookup store equal to the accepted-reference topic (already validated upstream). */
final class GlobalReferenceUpdater implements Processor<String, ReferenceEntry, Void, Void> {
    private final ReferenceArrivals arrivals;
    private KeyValueStore<String, ReferenceEntry> store;
    private ProcessorContext<Void, Void> context;

    GlobalReferenceUpdater(ReferenceArrivals arrivals) {
        this.arrivals = arrivals;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        store = context.getStateStore(StoreNames.REFERENCE_LOOKUP);
    }

    @Override
    public void process(Record<String, ReferenceEntry> record) {
        if (record.key() == null) {
            return;
        }
        if (record.value() == null) {
            store.delete(record.key());
        } else {
            store.put(record.key(), record.value());
        }
        arrivals.arrived(record.key(), context.currentSystemTimeMs());
    }
}
