package vn.chibo.pulse.domain;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;

import vn.chibo.pulse.events.RejectedEvent;

/**
 * Fits a dead letter into what the broker takes. A refused record may be as large as its own topic
 * allows, and its letter adds the reason, the message and the source position to it, so the letter
 * of a large record can be too large for the dead-letter topic: then the producer fails and, in the
 * streams app, the task with it, again and again. Such a letter keeps its reason and source position
 * whole, and as much of the value, then of the eventId, then of the key, as fits (all three come from
 * the refused record, which may be hostile); it is marked {@code truncated}.
 */
public final class DeadLetters {
    /** Room left under the limit for what is not counted here: the record batch's and the record's own framing. */
    public static final int MARGIN_BYTES = 1024;
    /** A truncated letter's message is cut to this many characters (a message built from a hostile input can be long). */
    static final int TRUNCATED_MESSAGE_CHARS = 1000;
    /** Magic byte and schema id before the Avro body (the registry's wire format). */
    private static final int WIRE_HEADER_BYTES = 5;
    private static final SpecificDatumWriter<RejectedEvent> WRITER = new SpecificDatumWriter<>(RejectedEvent.class);

    private DeadLetters() {}

    /**
     * The bytes a letter may take: the smaller of the producer's max.request.size and the topic's
     * max.message.bytes, less a margin.
     */
    public static int budget(int producerMaxRequestSize, int topicMaxMessageBytes) {
        return Math.min(producerMaxRequestSize, topicMaxMessageBytes) - MARGIN_BYTES;
    }

    /**
     * The letter as it is if it fits in {@code room} bytes, else a truncated copy that does: message
     * shortened, value, then eventId, then key cut. {@code room} is what is left for the serialized value and the
     * record key once the headers are counted; the record is keyed by the letter's key, so the key
     * counts twice.
     *
     * @throws IllegalArgumentException if not even the reason and the source position fit
     */
    public static RejectedEvent fit(RejectedEvent letter, int room) {
        if (upperBound(letter) <= room || size(letter) <= room) {
            return letter;
        }
        RejectedEvent cut = RejectedEvent.newBuilder(letter).setTruncated(true).build();
        cut.setMessage(shortMessage(cut.getMessage()));
        int over = size(cut) - room;
        if (over > 0 && cut.getValue() != null) {
            ByteBuffer value = cut.getValue().duplicate();
            int keep = Math.max(0, value.remaining() - over);
            value.limit(value.position() + keep);
            cut.setValue(value.slice());
            over = size(cut) - room;
        }
        if (over > 0 && cut.getEventId() != null) {
            cut.setEventId(utf8Prefix(cut.getEventId(), Math.max(0, utf8Length(cut.getEventId()) - over)));
            over = size(cut) - room;
        }
        if (over > 0 && cut.getKey() != null) {
            // each key byte counts twice (the field and the record key); a shorter length varint only helps
            cut.setKey(utf8Prefix(cut.getKey(), Math.max(0, utf8Length(cut.getKey()) - (over + 1) / 2)));
            over = size(cut) - room;
        }
        if (over > 0) {
            throw new IllegalArgumentException("a dead letter needs " + (room + over) + " bytes even truncated; only " + room
                    + " allowed (reason " + letter.getReason() + ", " + letter.getSourceTopic() + "-"
                    + letter.getSourcePartition() + "@" + letter.getSourceOffset() + ")");
        }
        return cut;
    }

    /**
     * More than {@link #size} can be, counted without encoding (most letters are far below any limit):
     * at most 3 UTF-8 bytes a char, 10 bytes for each length, union index and number.
     */
    private static long upperBound(RejectedEvent letter) {
        long chars = length(letter.getEventId()) + length(letter.getReason()) + length(letter.getMessage())
                + length(letter.getSourceTopic()) + 2L * length(letter.getKey()) + length(letter.getRejectedBy());
        return WIRE_HEADER_BYTES + 3 * chars + (letter.getValue() == null ? 0 : letter.getValue().remaining()) + 16 * 10;
    }

    private static long length(CharSequence s) {
        return s == null ? 0 : s.length();
    }

    /** Bytes of the letter on the wire, plus its key once more as the record key. */
    static int size(RejectedEvent letter) {
        return WIRE_HEADER_BYTES + avroLength(letter) + (letter.getKey() == null ? 0 : utf8Length(letter.getKey()));
    }

    private static int avroLength(RejectedEvent letter) {
        Counter counter = new Counter();
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(counter, null);
        try {
            WRITER.write(letter, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Math.toIntExact(counter.bytes);
    }

    private static int utf8Length(CharSequence s) {
        return s.toString().getBytes(StandardCharsets.UTF_8).length;
    }

    /** The longest prefix of {@code s} of at most {@code maxBytes} UTF-8 bytes, never splitting a surrogate pair. */
    private static String utf8Prefix(String s, int maxBytes) {
        int bytes = 0;
        int end = 0;
        while (end < s.length()) {
            int cp = s.codePointAt(end);
            int n = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + n > maxBytes) {
                break;
            }
            bytes += n;
            end += Character.charCount(cp);
        }
        return s.substring(0, end);
    }

    /** The message as a truncated letter carries it: at most {@value #TRUNCATED_MESSAGE_CHARS} characters and an ellipsis. */
    public static String shortMessage(String message) {
        if (message.length() <= TRUNCATED_MESSAGE_CHARS) {
            return message;
        }
        int end = Character.isHighSurrogate(message.charAt(TRUNCATED_MESSAGE_CHARS - 1)) ? TRUNCATED_MESSAGE_CHARS - 1 : TRUNCATED_MESSAGE_CHARS;
        return message.substring(0, end) + "…";
    }

    /** Counts what is written and keeps nothing. */
    private static final class Counter extends OutputStream {
        long bytes;

        @Override
        public void write(int b) {
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes += len;
        }
    }
}
