package vn.chibo.pulse.producers.simulator;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import vn.chibo.pulse.domain.EventJson;

/** Writes events as JSON Lines (SPEC.md §2), the input of {@code pulse publish}. */
public final class JsonLinesSink implements EventSink {
    private final Writer out;
    private long written;

    public JsonLinesSink(Path file) throws IOException {
        this(Files.newOutputStream(file));
    }

    public JsonLinesSink(OutputStream out) {
        this.out = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
    }

    @Override
    public void accept(SimulatedEvent event) {
        try {
            out.write(EventJson.toJson(event.envelope()));
            out.write('\n');
            written++;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public long written() {
        return written;
    }

    @Override
    public void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
