package vn.chibo.pulse.producers.internal;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;

import vn.chibo.pulse.domain.ParseResult;
import vn.chibo.pulse.domain.ParsedEvent;
import vn.chibo.pulse.domain.Rejection;
import vn.chibo.pulse.producers.CommunePublisher;
import vn.chibo.pulse.producers.InvalidEventException;
import vn.chibo.pulse.producers.PublishException;

/**
 * One run of {@code publish} or {@code import-meetings}: takes the input's items one by one,
 * reports the rejected ones as {@code "<unit> N: REASON: message"}, sends the others and counts
 * their acknowledgements, then waits for every acknowledgement before it gives the exit status.
 * A record the broker refuses for what it is (too large) is reported for its item like a
 * rejection and the run goes on; at any other send failure it stops reading, since the broker
 * then cannot be trusted to take the rest in order.
 */
public final class PublishRun {
    public static final int OK = 0;
    public static final int SOME_REJECTED = 1;
    public static final int FAILED = 2;
    /** The reason printed for a record the broker refused; not a {@code RejectionReason}, since the event itself is valid. */
    public static final String REFUSED_BY_BROKER = "REFUSED_BY_BROKER";

    private final CommunePublisher publisher; // null: check only
    private final PrintStream out;
    private final PrintStream err;
    private final Progress progress;
    private final String unit;
    private final String command;

    private long read;
    private long rejected;
    private long submitted;
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final Queue<String> failures = new ConcurrentLinkedQueue<>();
    private volatile boolean stopped;

    public PublishRun(String command, CommunePublisher publisher, PrintStream out, PrintStream err, Progress progress, String unit) {
        this.command = command;
        this.publisher = publisher;
        this.out = out;
        this.err = err;
        this.progress = progress;
        this.unit = unit;
        if (publisher == null) {
            progress.countsAs("valid");
        }
    }

    /**
     * Takes one item of the input.
     *
     * @return false once the run has stopped after a send failure; read no further
     */
    public boolean offer(long number, ParseResult result, long bytesRead) {
        read++;
        if (!result.isAccepted()) {
            report(number, result.rejection());
        } else if (publisher != null) {
            send(number, result.event());
        } else {
            acked.incrementAndGet(); // a dry run: accepted is as far as it goes
        }
        reportFailures();
        progress.update(read, acked.get(), rejected(), bytesRead);
        return !stopped;
    }

    /** Counts and reports an item refused before it could be parsed (an unreadable line, a CSV row that does not fit). */
    public void reject(long number, Rejection rejection) {
        read++;
        report(number, rejection);
    }

    private void report(long number, Rejection rejection) {
        rejected++;
        progress.clear();
        err.println(unit + " " + number + ": " + rejection.reason() + ": " + rejection.message());
    }

    /** Counts an item that was read but is neither an event nor an error (a blank line). */
    public void skip() {
        read++;
    }

    private void send(long number, ParsedEvent event) {
        submitted++;
        try {
            publisher.publish(event).whenComplete((metadata, error) -> {
                if (error == null) {
                    acked.incrementAndGet();
                } else if (refusesTheRecordItself(error)) {
                    refused.incrementAndGet();
                    failures.add(unit + " " + number + ": " + REFUSED_BY_BROKER + ": " + message(error));
                } else {
                    failed.incrementAndGet();
                    failures.add(unit + " " + number + ": SEND_FAILED: " + message(error));
                    stopped = true;
                }
            });
        } catch (InvalidEventException e) {
            submitted--;
            report(number, e.rejection());
        } catch (PublishException e) {
            submitted--;
            failed.incrementAndGet();
            failures.add(unit + " " + number + ": SEND_FAILED: " + message(e.getCause() == null ? e : e.getCause()));
            stopped = true;
        }
    }

    /**
     * The broker (or the producer's own check of the broker's limits) refuses this record for
     * what it is, not for the state of the connection: the next records can still go.
     */
    private static boolean refusesTheRecordItself(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof RecordTooLargeException || t instanceof RecordBatchTooLargeException || t instanceof InvalidRecordException) {
                return true;
            }
        }
        return false;
    }

    private void reportFailures() {
        String failure;
        while ((failure = failures.poll()) != null) {
            progress.clear();
            err.println(failure);
        }
    }

    /** Waits for every acknowledgement, prints the summary and returns the exit status. */
    public int finish() {
        if (publisher != null) {
            try {
                publisher.flush();
            } catch (PublishException e) {
                // each failure was recorded by its callback
            }
        }
        reportFailures();
        progress.finish();
        double seconds = progress.elapsedSeconds();
        long sent = acked.get();
        long notSent = submitted - sent - refused.get();
        long allRejected = rejected();
        String verb = publisher == null ? "valid" : "sent";
        out.println(String.format(Locale.ROOT, "%s: %,d %s read, %,d %s, %,d rejected in %.1f s (%,d events/s)",
                command, read, unit + "s", sent, verb, allRejected, seconds, Math.round(sent / Math.max(seconds, 1e-3))));
        if (failed.get() > 0 || stopped) {
            err.println(String.format(Locale.ROOT, "%s: stopped after a send failure; %,d accepted %s not acknowledged"
                    + " (send them again: the pipeline ignores an eventId it already has)", command, Math.max(notSent, failed.get()),
                    unit + "s"));
            return FAILED;
        }
        return allRejected > 0 ? SOME_REJECTED : OK;
    }

    public long read() {
        return read;
    }

    /** Items rejected before sending, and records the broker refused. */
    public long rejected() {
        return rejected + refused.get();
    }

    public long acknowledged() {
        return acked.get();
    }

    private static String message(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && (t.getMessage() == null || t instanceof java.util.concurrent.CompletionException)) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return (m == null ? t.getClass().getSimpleName() : m).replace('\n', ' ');
    }
}
