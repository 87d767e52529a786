package vn.chibo.pulse.bench.internal;

import java.util.function.Consumer;

/**
 * A line every 10 s on a long phase — events done of the total, the pace, the time left — so that
 * a run of an hour says how it goes, and a run that would take a day says so early.
 */
public final class Progress {
    static final long EVERY_NANOS = 10_000_000_000L;

    private final String label;
    private final Consumer<String> say;
    private final long startNanos;
    private long nextNanos;
    private long lastDone;
    private long lastNanos;

    public Progress(String label, Consumer<String> say) {
        this(label, say, System.nanoTime());
    }

    Progress(String label, Consumer<String> say, long startNanos) {
        this.label = label;
        this.say = say;
        this.startNanos = startNanos;
        this.nextNanos = startNanos + EVERY_NANOS;
        this.lastNanos = startNanos;
    }

    /** Says how far the phase got, if 10 s passed since the last line. */
    public void update(long done, long total, String detail) {
        update(done, total, detail, System.nanoTime());
    }

    void update(long done, long total, String detail, long now) {
        if (now < nextNanos) {
            return;
        }
        double recent = (done - lastDone) / ((now - lastNanos) / 1e9);
        say.accept(line(label, done, total, (now - startNanos) / 1e9, recent, detail));
        lastDone = done;
        lastNanos = now;
        nextNanos = now + EVERY_NANOS;
    }

    /**
     * "replay: 1,000 of 4,000 events (25 %) in 10 s; 120 events/s now, 100 on average; about 30 s
     * left". The time left is at the average pace, which a phase whose pace changes (an initial
     * load, then live traffic) keeps better than the last ten seconds'.
     */
    static String line(String label, long done, long total, double elapsedSeconds, double recentRate, String detail) {
        StringBuilder b = new StringBuilder(label).append(": ").append(Report.count(done));
        if (total > 0) {
            b.append(" of ").append(Report.count(total)).append(" events (")
                    .append(Report.pct(Math.min(1.0, (double) done / total))).append(')');
        } else {
            b.append(" events");
        }
        double average = elapsedSeconds > 0 ? done / elapsedSeconds : 0;
        b.append(" in ").append(Report.minutes(elapsedSeconds)).append("; ")
                .append(Report.count(Math.round(recentRate))).append(" events/s now, ")
                .append(Report.count(Math.round(average))).append(" on average");
        if (total > 0 && done < total) {
            b.append("; ").append(average > 0 ? "about " + Report.minutes((total - done) / average) + " left" : "no progress yet");
        }
        if (detail != null && !detail.isBlank()) {
            b.append("; ").append(detail);
        }
        return b.toString();
    }
}
