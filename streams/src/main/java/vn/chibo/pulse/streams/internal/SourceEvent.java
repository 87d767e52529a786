package vn.chibo.pulse.streams.internal;

import org.apache.kafka.common.header.Headers;

/**
 * A record of a source topic as an event processor handles it, now or after it waited for reference
 * data: everything its verdict and its dead letter need, and when the app first read it.
 */
record SourceEvent(String key, byte[] value, long timestamp, Headers headers, String topic, int partition, long offset,
        long arrivedAt) {

    /** 'topic-partition@offset', as in the pulse.rejection.source header. */
    String source() {
        return topic + "-" + partition + "@" + offset;
    }
}
