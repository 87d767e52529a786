package vn.chibo.pulse.producers.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads JSON Lines byte by byte: lines end with LF (a CR before it is dropped), a UTF-8 byte
 * order mark at the start is skipped, and each line is decoded on its own, so that one line
 * that is not UTF-8 is reported as that line and the rest still go through. A line longer than
 * {@link #MAX_LINE_BYTES} is skipped to its end without being kept in memory.
 */
public final class JsonLines implements AutoCloseable {
    /**
     * The longest line read, in bytes without its line end: 1 MiB, Kafka's default limit on one
     * record, so a line within it never fails for its size alone. Documented in README.md and
     * docs/producers.md.
     */
    public static final int MAX_LINE_BYTES = 1 << 20;
    private static final int BUFFER = 1 << 16;

    /** One line: its number (from 1), its length in bytes, and its text; null text when it is too long or not valid UTF-8. */
    public record Line(long number, String text, long bytes) {
        public boolean isTooLong() {
            return bytes > MAX_LINE_BYTES;
        }

        public boolean isUtf8() {
            return text != null;
        }
    }

    private final InputStream in;
    private final byte[] buffer = new byte[BUFFER];
    private final ByteArrayOutputStream current = new ByteArrayOutputStream(256);
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private int pos;
    private int limit;
    private long lineNumber;
    private long bytesRead;
    private long lineBytes;
    private boolean eof;

    public JsonLines(InputStream in) {
        this.in = in;
    }

    /** Bytes read from the input so far, for progress. */
    public long bytesRead() {
        return bytesRead;
    }

    /** The next line, or null at the end of the input. */
    public Line next() throws IOException {
        current.reset();
        lineBytes = 0;
        while (true) {
            if (pos == limit) {
                if (eof || !fill()) {
                    eof = true;
                    if (current.size() == 0) {
                        return null;
                    }
                    return finish();
                }
            }
            int start = pos;
            while (pos < limit && buffer[pos] != '\n') {
                pos++;
            }
            lineBytes += pos - start;
            if (lineBytes <= MAX_LINE_BYTES) {
                current.write(buffer, start, pos - start);
            }
            if (pos < limit) {
                pos++; // the LF
                return finish();
            }
        }
    }

    private boolean fill() throws IOException {
        int n = in.read(buffer, 0, buffer.length);
        if (n <= 0) {
            return false;
        }
        pos = 0;
        limit = n;
        bytesRead += n;
        return true;
    }

    private Line finish() {
        lineNumber++;
        if (lineBytes > MAX_LINE_BYTES) {
            current.reset(); // give back the memory of what was read of it
            return new Line(lineNumber, null, lineBytes);
        }
        byte[] bytes = current.toByteArray();
        int from = 0;
        int to = bytes.length;
        if (lineNumber == 1 && to >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF) {
            from = 3;
        }
        if (to > from && bytes[to - 1] == '\r') {
            to--;
        }
        try {
            String text = decoder.decode(ByteBuffer.wrap(bytes, from, to - from)).toString();
            return new Line(lineNumber, text, bytes.length);
        } catch (CharacterCodingException e) {
            return new Line(lineNumber, null, bytes.length);
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
