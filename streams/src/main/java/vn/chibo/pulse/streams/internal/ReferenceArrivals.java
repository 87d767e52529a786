package vn.chibo.pulse.streams.internal;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the reference records applied to the global lookup store, so that the processors holding
 * events that wait for reference data retry them when something arrived, and only then. Only a
 * hint: missing it delays a retry, it never changes a verdict.
 */
final class ReferenceArrivals {
    private final AtomicLong version = new AtomicLong();
    private volatile long lastArrivalMs = Long.MIN_VALUE;

    /** A reference record was applied at this wall-clock time (the global thread's). */
    void arrived(long nowMs) {
        lastArrivalMs = nowMs;
        version.incrementAndGet();
    }

    /** When reference data last arrived; {@code Long.MIN_VALUE} before any did. */
    long lastArrivalMs() {
        return lastArrivalMs;
    }

    long version() {
        return version.get();
    }
}
