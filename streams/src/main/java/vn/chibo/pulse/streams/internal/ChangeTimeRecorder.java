package vn.chibo.pulse.streams.internal;

import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Notes the wall-clock time an aggregate was last sent out (after the record cache, so once per
 * changed row per commit), for the dashboard's "last changed".
 */
final class ChangeTimeRecorder<V> implements FixedKeyProcessor<String, V, V> {
    private final String storeName;
    private final String key;
    private FixedKeyProcessorContext<String, V> context;
    private KeyValueStore<String, Long> store;

    ChangeTimeRecorder(String storeName, String key) {
        this.storeName = storeName;
        this.key = key;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, V> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
    }

    @Override
    public void process(FixedKeyRecord<String, V> record) {
        store.put(key, context.currentSystemTimeMs());
        context.forward(record);
    }
}
