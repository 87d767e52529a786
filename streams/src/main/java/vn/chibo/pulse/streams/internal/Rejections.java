package vn.chibo.pulse.streams.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Record;

import vn.chibo.pulse.domain.Rejection;
import vn.chibo.pulse.events.RejectedEvent;

/** Builds the dead-letter record of a refused event: the original key and bytes, the reason, and where it came from. */
public final class Rejections {
    /** Header names on pulse.rejected records, so that tools can filter without decoding the value. */
    public static final String REASON_HEADER = "pulse.rejection.reason";
    public static final String MESSAGE_HEADER = "pulse.rejection.message";
    public static final String SOURCE_HEADER = "pulse.rejection.source";
    public static final String REJECTED_BY_HEADER = "pulse.rejected.by";
    public static final String REJECTED_BY = "streams";

    private Rejections() {}

    static Record<String, Object> record(SourceEvent input, String eventId, Rejection rejection, long nowMs) {
        RejectedEvent event = RejectedEvent.newBuilder()
                .setEventId(eventId)
                .setReason(rejection.reason().name())
                .setMessage(rejection.message())
                .setSourceTopic(input.topic())
                .setSourcePartition(input.partition())
                .setSourceOffset(input.offset())
                .setKey(input.key())
                .setValue(input.value() == null ? null : ByteBuffer.wrap(input.value()))
                .setRejectedBy(REJECTED_BY)
                .setRejectedAt(Instant.ofEpochMilli(nowMs))
                .build();
        Headers headers = new RecordHeaders(input.headers().toArray());
        headers.add(REASON_HEADER, utf8(rejection.reason().name()));
        headers.add(MESSAGE_HEADER, utf8(rejection.message()));
        headers.add(SOURCE_HEADER, utf8(input.source()));
        headers.add(REJECTED_BY_HEADER, utf8(REJECTED_BY));
        return new Record<>(input.key(), event, input.timestamp(), headers);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
