package vn.chibo.pulse.streams.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Record;

import vn.chibo.pulse.domain.DeadLetters;
import vn.chibo.pulse.domain.Rejection;
import vn.chibo.pulse.events.RejectedEvent;

/**
 * Builds the dead-letter record of a refused event: the original key and bytes, the reason, and where it came from.
 * A letter that would be too large for pulse.rejected loses the source's own headers and is cut to fit
 * ({@link DeadLetters#fit}): a refused record must never fail the task that refused it.
 */
public final class Rejections {
    /** Header names on pulse.rejected records, so that tools can filter without decoding the value. */
    public static final String REASON_HEADER = "pulse.rejection.reason";
    public static final String MESSAGE_HEADER = "pulse.rejection.message";
    public static final String SOURCE_HEADER = "pulse.rejection.source";
    public static final String REJECTED_BY_HEADER = "pulse.rejected.by";
    public static final String REJECTED_BY = "streams";
    /** Present ("true") on a letter cut to fit the topic, as its {@code truncated} field says. */
    public static final String TRUNCATED_HEADER = "pulse.rejection.truncated";
    /**
     * Streams config entry (set by the app from the producer's max.request.size and pulse.rejected's
     * max.message.bytes, read by the event processors): the bytes one dead letter may take.
     */
    public static final String MAX_BYTES_CONFIG = "pulse.dead.letter.max.bytes";
    /** Kafka's defaults: max.request.size 1 MiB, max.message.bytes 1 MiB + 12. */
    static final int DEFAULT_MAX_BYTES = DeadLetters.budget(1_048_576, 1_048_588);
    /** Per header, beside its key and value: their two length varints and the attributes. */
    private static final int HEADER_FRAMING_BYTES = 11;

    private Rejections() {}

    static Record<String, Object> record(SourceEvent input, String eventId, Rejection rejection, long nowMs, int maxBytes) {
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
        addOurs(headers, event, input.source());
        if (DeadLetters.fit(event, maxBytes - size(headers)) == event) {
            return new Record<>(input.key(), event, input.timestamp(), headers);
        }
        Headers ours = new RecordHeaders();
        addOurs(ours, RejectedEvent.newBuilder(event).setValue(null).setMessage(DeadLetters.shortMessage(event.getMessage())).build(),
                input.source());
        ours.add(TRUNCATED_HEADER, utf8("true"));
        RejectedEvent cut = DeadLetters.fit(event, maxBytes - size(ours));
        return new Record<>(cut.getKey(), cut, input.timestamp(), ours);
    }

    private static void addOurs(Headers headers, RejectedEvent event, String source) {
        headers.add(REASON_HEADER, utf8(event.getReason()));
        headers.add(MESSAGE_HEADER, utf8(event.getMessage()));
        headers.add(SOURCE_HEADER, utf8(source));
        headers.add(REJECTED_BY_HEADER, utf8(REJECTED_BY));
    }

    private static int size(Headers headers) {
        int bytes = 0;
        for (Header h : headers) {
            bytes += utf8(h.key()).length + (h.value() == null ? 0 : h.value().length) + HEADER_FRAMING_BYTES;
        }
        return bytes;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
