package vn.chibo.pulse.streams.internal;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * The record's own timestamp (when it was produced); a record without one (negative) would stop
 * the default extractor or be skipped, so it takes the partition's time, or the wall clock.
 */
public final class RecordTimeOrWallClock implements TimestampExtractor {
    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        if (record.timestamp() >= 0) {
            return record.timestamp();
        }
        return partitionTime >= 0 ? partitionTime : System.currentTimeMillis();
    }
}
