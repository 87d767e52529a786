package vn.chibo.pulse.producers.internal;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Progress of a long publish on stderr: a bar redrawn in place when stderr is a terminal, a
 * plain line every few seconds otherwise (logs, CI), nothing when asked for quiet.
 */
public final class Progress {
    public enum Mode { BAR, LINES, NONE }

    private static final long BAR_EVERY_NANOS = 200_000_000L;
    private static final long LINE_EVERY_NANOS = 5_000_000_000L;
    private static final int BAR_WIDTH = 24;

    private final Mode mode;
    private final PrintStream err;
    private final long totalBytes;
    private final String unit;
    private final long everyNanos;
    private final long started = System.nanoTime();
    private long lastPrinted = started;
    private boolean drawn;
    private String verb = "sent";

    /**
     * @param totalBytes size of the input, or -1 when unknown (stdin)
     * @param unit       what the input is made of, "lines" or "rows"
     */
    public Progress(Mode mode, PrintStream err, long totalBytes, String unit) {
        this(mode, err, totalBytes, unit, mode == Mode.BAR ? BAR_EVERY_NANOS : LINE_EVERY_NANOS);
    }

    /** With the interval between prints, for tests. */
    Progress(Mode mode, PrintStream err, long totalBytes, String unit, long everyNanos) {
        this.everyNanos = everyNanos;
        this.mode = mode;
        this.err = err;
        this.totalBytes = totalBytes;
        this.unit = unit;
    }

    /** The mode for "auto": a bar when this process's stderr is a terminal we can redraw. */
    public static Mode auto(PrintStream err) {
        // Java 17 cannot ask about stderr alone; a console means stdin and stdout are a terminal
        return err == System.err && System.console() != null && !"dumb".equals(System.getenv("TERM")) ? Mode.BAR : Mode.LINES;
    }

    /** What the second count means: "sent" (default), or "valid" for a dry run. */
    public void countsAs(String verb) {
        this.verb = verb;
    }

    /** Called often; prints only when the last print is old enough. */
    public void update(long read, long sent, long rejected, long bytes) {
        if (mode == Mode.NONE) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastPrinted < everyNanos) {
            return;
        }
        lastPrinted = now;
        print(now, read, sent, rejected, bytes);
    }

    private void print(long now, long read, long sent, long rejected, long bytes) {
        double seconds = Math.max(1e-9, (now - started) / 1e9);
        long rate = Math.round(sent / seconds);
        String figures = String.format(Locale.ROOT, "%,d %s read, %,d %s, %,d rejected, %,d events/s", read, unit, sent, verb, rejected, rate);
        if (mode == Mode.BAR) {
            StringBuilder line = new StringBuilder("\r");
            if (totalBytes > 0) {
                double done = Math.min(1.0, (double) bytes / totalBytes);
                int filled = (int) Math.round(done * BAR_WIDTH);
                line.append('[').append("#".repeat(filled)).append(" ".repeat(BAR_WIDTH - filled)).append("] ")
                        .append(String.format(Locale.ROOT, "%3d%% ", Math.round(done * 100)));
            }
            line.append(figures).append("\u001B[K"); // clear what a longer earlier line left
            err.print(line);
            err.flush();
            drawn = true;
        } else {
            err.println("progress: " + figures);
        }
    }

    /** Clears the bar before another message goes to stderr; the next update draws it again. */
    public void clear() {
        if (drawn) {
            err.print("\r\u001B[K");
            drawn = false;
        }
    }

    /** Ends the bar so that what follows starts on a fresh line. */
    public void finish() {
        if (drawn) {
            err.println();
            err.flush();
            drawn = false;
        }
    }

    /** Seconds since the start. */
    public double elapsedSeconds() {
        return (System.nanoTime() - started) / 1e9;
    }
}
